/**
 * A throwaway PostgreSQL cluster for the test run: initdb + pg_ctl in a temp dir, a unix socket and a
 * port below 32768, durability off unless asked (test data is disposable). Uses Debian's postgresql package.
 * As root (CI, these machines) the server runs as the `postgres` user, since PostgreSQL refuses root.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  url: string;
  stop(): void;
}

function findBinDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(root, versions[0], 'bin') : undefined;
}

function userIds(name: string): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', name]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', name]).toString().trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

/**
 * `durable`: PostgreSQL's default fsync and synchronous commit, for the bench and the reliability run,
 * whose figures are set beside SQLite's `synchronous=FULL`; tests skip the WAL flush.
 */
export function startPgCluster(options: { durable?: boolean } = {}): PgCluster {
  const bin = findBinDir();
  if (!bin) throw new Error('PostgreSQL is not installed (apt-get install postgresql)');
  const dir = mkdtempSync(join(tmpdir(), 'tsunagu-pg-'));
  const asRoot = process.getuid?.() === 0;
  const pgUser = asRoot ? userIds('postgres') : undefined;
  if (asRoot && !pgUser) throw new Error('running as root but there is no postgres user to run the server');
  if (pgUser) chownSync(dir, pgUser.uid, pgUser.gid);
  const run = (cmd: string, args: string[]) => {
    const full = join(bin, cmd);
    return pgUser
      ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { stdio: 'pipe' })
      : execFileSync(full, args, { stdio: 'pipe' });
  };
  const port = 20000 + Math.floor(Math.random() * 10000);
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  run('pg_ctl', [
    '-D',
    data,
    '-l',
    join(dir, 'server.log'),
    '-w',
    '-t',
    '30',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses='' ${options.durable ? '' : '-c fsync=off -c synchronous_commit=off -c full_page_writes=off '}-c max_connections=200`,
    'start',
  ]);
  return {
    url: `postgres://postgres@localhost:${port}/postgres?host=${encodeURIComponent(dir)}`,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
