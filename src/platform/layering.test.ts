/**
 * The layering rule (README "The platform kernel"), read from the import statements of src/:
 * - the lower layers (lib, db, http, ui, platform, and config.ts) import no feature and no composition
 *   root (app.tsx, server.ts, cli.ts, jobs.ts, openapi.ts, seed/): a feature is built on them, never the
 *   other way round;
 * - no feature imports another feature's audit, policy, marks or settings code: those live in the kernel.
 * Tests are left out: they stand up the whole app to exercise a lower layer.
 * Biome (noRestrictedImports in biome.json) refuses a lower layer's feature import already in the editor;
 * this test keeps the whole rule, which a pattern on the specifier cannot tell (test/server.ts is not
 * src/server.ts, platform/jobs/jobs.ts is not src/jobs.ts).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importedSpecifiers, SRC, sourceFiles } from '../../test/source-imports.ts';

const LOWER_LAYERS = ['lib', 'db', 'http', 'ui', 'platform'];
const KERNEL_CODE = /(^|[./-])(audit|polic(y|ies)|marks?|settings)([./-]|$)/;

/** The part of src a path is in: 'lib', 'features/booking', 'app.tsx', ... */
function areaOf(srcRelative: string): string {
  const [top, second] = srcRelative.split('/');
  return top === 'features' ? `features/${second}` : (top as string);
}

function isLower(srcRelative: string): boolean {
  return LOWER_LAYERS.includes(areaOf(srcRelative)) || srcRelative === 'config.ts';
}

/** The imports of src that break the rule, each as "file imports specifier (why)". */
export function layeringViolations(files: readonly string[], read: (path: string) => string): string[] {
  const out: string[] = [];
  for (const file of files) {
    const from = relative(SRC, file);
    for (const specifier of importedSpecifiers(read(file))) {
      if (!specifier.startsWith('.')) continue;
      const to = relative(SRC, resolve(dirname(file), specifier));
      if (to.startsWith('..')) continue;
      if (isLower(from) && !isLower(to)) out.push(`src/${from} imports ${specifier} (a lower layer imports no feature)`);
      const [fromArea, toArea] = [areaOf(from), areaOf(to)];
      if (fromArea.startsWith('features/') && toArea.startsWith('features/') && fromArea !== toArea) {
        const name = to.split('/').pop() as string;
        if (KERNEL_CODE.test(name)) out.push(`src/${from} imports ${specifier} (another feature's ${name}: use src/platform)`);
      }
    }
  }
  return out;
}

describe('layering', () => {
  it('holds for every import in src', () => {
    expect(layeringViolations(sourceFiles(SRC), (path) => readFileSync(path, 'utf8'))).toEqual([]);
  });

  it('names an offending import, however it is written', () => {
    // The offending specifiers are built, not written out, so that this lower-layer file holds no text
    // that reads as a feature import to a check that scans sources as text.
    const feature = (path: string) => ['..', 'features', path].join('/');
    const files = {
      [join(SRC, 'http/session.ts')]: `import {\n  bearerUser,\n} from '${feature('account/account.service.ts')}';\n`,
      [join(SRC, 'ui/layout.tsx')]: `export { x } from '../app.tsx';\nconst m = await import('${feature('a/b.ts')}');`,
      [join(SRC, 'features/booking/b.ts')]:
        "import { rulesForMonth } from '../lottery/lottery.settings.ts';\nimport { x } from '../lottery/lottery.ts';\nimport { y } from './booking.policy.ts';",
      [join(SRC, 'platform/audit/audit.ts')]: "import type { Database } from '../../db/schema.ts';\nimport { z } from 'zod';",
    };
    expect(layeringViolations(Object.keys(files), (path) => files[path] as string)).toEqual([
      'src/http/session.ts imports ../features/account/account.service.ts (a lower layer imports no feature)',
      'src/ui/layout.tsx imports ../app.tsx (a lower layer imports no feature)',
      'src/ui/layout.tsx imports ../features/a/b.ts (a lower layer imports no feature)',
      "src/features/booking/b.ts imports ../lottery/lottery.settings.ts (another feature's lottery.settings.ts: use src/platform)",
    ]);
  });
});
