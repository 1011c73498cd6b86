/**
 * Lints an OpenAPI document with Redocly's recommended ruleset through its CLI, offline (no telemetry, no
 * update check). `npm run lint:openapi` runs it on the document the app serves and prints the report.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LintProblem {
  ruleId: string;
  severity: string;
  message: string;
  location: { pointer: string }[];
}

function runRedocly(document: unknown, format: 'json' | 'stylish'): { status: number; stdout: string; stderr: string } {
  const cli = join(createRequire(import.meta.url).resolve('@redocly/cli/package.json'), '..', 'bin', 'cli.js');
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-openapi-'));
  try {
    const file = join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document, null, 2));
    const result = spawnSync(process.execPath, [cli, 'lint', '--extends=recommended', `--format=${format}`, file], {
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
    });
    return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Every error and warning Redocly reports (an empty list when the document is clean). */
export function redoclyProblems(document: unknown): LintProblem[] {
  const { stdout, stderr } = runRedocly(document, 'json');
  const start = stdout.indexOf('{');
  if (start < 0) throw new Error(`redocly gave no report: ${stderr}`);
  return (JSON.parse(stdout.slice(start)) as { problems: LintProblem[] }).problems;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { openApiDocument } = await import('../src/openapi.ts');
  const { status, stdout, stderr } = runRedocly(openApiDocument(), 'stylish');
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  process.exit(status);
}
