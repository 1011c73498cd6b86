/**
 * npm run build: dist/ from src/ for the production start (`npm start` runs `node dist/server.js`, so
 * no TypeScript is transpiled while the server runs). Plain JavaScript so that it needs no loader itself.
 *
 * Each source file is transpiled by esbuild (the one tsx already brings, so it is there in a production
 * install too) to a .js file at the same place under dist/, with its relative imports pointed at the .js
 * files and packages left to node_modules. The layout matches src/ on purpose: code that reads a file
 * beside itself (`new URL('../ui/app.css', import.meta.url)` in http/assets.ts) finds it in dist/ as in
 * src/, because the other files under src/ are copied too. Tests, test helpers and fixtures are left out.
 * Types are not checked here (`npm run check` does); JSX is compiled as tsconfig.json says (hono/jsx).
 *
 * The new tree is written beside dist/ and swapped in at the end, so a process starting meanwhile (a
 * cluster worker being replaced) finds the old tree or the new one, never a half-written one.
 */
import { cpSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

// fileURLToPath, not .pathname: a checkout path with a space or non-ASCII letters stays a real path.
const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'src');
const dist = join(root, 'dist');
const next = join(root, `dist.${process.pid}.tmp`);

const isTest = (path) => /\.test\.tsx?$|\.test-helpers\.tsx?$/.test(path) || path.split('/').includes('fixtures');
const files = readdirSync(src, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  // parentPath from Node 20.12 (engines), path before it.
  .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
  .filter((path) => !isTest(relative(src, path)));
const sources = files.filter((path) => /\.tsx?$/.test(path));

/** Every relative import stays an import, of the file's .js twin; esbuild only transpiles the file itself. */
const relativeImportsToJs = {
  name: 'relative-imports-to-js',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\// }, (args) =>
      args.kind === 'entry-point' ? undefined : { path: args.path.replace(/\.tsx?$/, '.js'), external: true },
    );
  },
};

const started = Date.now();
rmSync(next, { recursive: true, force: true });
try {
  await build({
    entryPoints: sources,
    outdir: next,
    outbase: src,
    // Bundling only so that the plugin sees every import; each output holds just its own file.
    bundle: true,
    packages: 'external',
    plugins: [relativeImportsToJs],
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  for (const path of files.filter((p) => !/\.tsx?$/.test(p))) {
    const to = join(next, relative(src, path));
    mkdirSync(dirname(to), { recursive: true });
    cpSync(path, to);
  }
  const old = join(root, `dist.${process.pid}.old`);
  rmSync(old, { recursive: true, force: true });
  try {
    renameSync(dist, old);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
  }
  renameSync(next, dist);
  rmSync(old, { recursive: true, force: true });
} catch (error) {
  rmSync(next, { recursive: true, force: true });
  throw error;
}
process.stdout.write(`build: ${sources.length} files into dist/ in ${Date.now() - started} ms\n`);
