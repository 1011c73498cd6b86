/**
 * The production start, as a fresh clone runs it: `npm start` builds dist/ (scripts/build.js) and runs
 * `node dist/server.js`, on a new SQLite database. The server that answers is the built one (no tsx
 * in the process), finds the files it reads beside its code (the stylesheet), and SIGTERM to npm reaches
 * it, so it drains and stops. The other tests start the server from src/ through tsx, which is faster;
 * this one is what `npm start` runs.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../bench/lib/processes.ts';

const root = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'tsunagu-start-'));
let npm: ChildProcess | undefined;
let served: number | undefined;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const alive = (pid: number) => existsSync(`/proc/${pid}`);

afterAll(() => {
  // On a failure: npm, and the server if SIGTERM did not reach it (it would outlive npm).
  if (npm?.exitCode === null) npm.kill('SIGKILL');
  if (served !== undefined && alive(served)) process.kill(served, 'SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

describe('npm start', () => {
  it('builds dist/, serves from it on a new SQLite database, and stops on SIGTERM to npm', async () => {
    const port = await freePort();
    npm = spawn('npm', ['start'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: `sqlite:${join(dir, 'start.db')}`, SEED: 'none' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    npm.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => npm?.once('exit', (code) => resolve(code)));

    const base = `http://127.0.0.1:${port}`;
    let health: { status: string; pid: number } | undefined;
    for (const deadline = Date.now() + 25_000; !health && Date.now() < deadline; ) {
      if (npm.exitCode !== null) throw new Error(`npm start exited with ${npm.exitCode}:\n${output}`);
      health = await fetch(`${base}/healthz`)
        .then((res) => (res.ok ? (res.json() as Promise<{ status: string; pid: number }>) : undefined))
        .catch(() => undefined);
      if (!health) await sleep(100);
    }
    expect(health?.status, output).toBe('ok');
    const pid = health?.pid as number;
    served = pid;
    expect(output).toMatch(/build: \d+ files into dist\//);
    const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    expect(commandLine).toContain('dist/server.js');
    expect(commandLine.join(' ')).not.toContain('tsx');

    const home = await fetch(`${base}/`);
    expect(home.status).toBe(200);
    const stylesheet = /href="(\/assets\/app\.[^"]+\.css)"/.exec(await home.text())?.[1];
    const css = await fetch(`${base}${stylesheet}`);
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toContain('text/css');

    npm.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('SIGTERM: shutting down');
    expect(alive(pid)).toBe(false);
  }, 30_000);
});
