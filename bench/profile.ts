/**
 * npm run bench:profile — where the server spends its CPU under load: runs the availability JSON and the
 * booking endpoint at 50 clients against a server started with --cpu-prof, then prints the functions
 * with the most self time (aggregated by function and file). Used to explain gaps to the targets.
 * PROFILE=slots (or a comma-separated list of availability, booking, slots, appointments) picks the
 * scenarios; slots is a month of free seats of one counter service (GET /api/v1/services/{id}/slots, 31
 * days), appointments 600 bookings of the demo's 転入届 over its free slots, each by its own resident.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { addDays, systemClock, todayIn } from '../src/lib/time.ts';
import { appointmentFeeder, bookableSlots, residentTokens } from './lib/appointment-setup.ts';
import { freeCells, makeTokens, prepareSqlite } from './lib/databases.ts';
import { bookingFeeder, load, table } from './lib/load.ts';
import { startServer } from './lib/processes.ts';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
}

const dir = mkdtempSync(join(tmpdir(), 'tsunagu-profile-'));
try {
  const prepared = await prepareSqlite(join(dir, 'p.db'), systemClock, 365);
  const tokens = await makeTokens(prepared.db, 200);
  const cells = await freeCells(prepared.db, systemClock, 30);
  const appointmentSlots = (await bookableSlots(prepared.db, systemClock, ['svc_demo_kokurakita_moving_in'])).flatMap((slot) =>
    Array.from({ length: slot.free }, () => slot),
  );
  const scenarios = (process.env.PROFILE ?? 'availability,booking').split(',');
  for (const scenario of scenarios) {
    if (!['availability', 'booking', 'slots', 'appointments'].includes(scenario)) throw new Error(`PROFILE: unknown scenario ${scenario}`);
    const profDir = join(dir, scenario);
    const server = await startServer({ DATABASE_URL: prepared.url }, ['--cpu-prof', `--cpu-prof-dir=${profDir}`]);
    const month = addDays(todayIn(systemClock), 14).slice(0, 7);
    const today = todayIn(systemClock);
    const r =
      scenario === 'slots'
        ? await load(
            'slots JSON',
            `${server.url}/api/v1/services/svc_demo_kokurakita_moving_in/slots?from=${today}&to=${addDays(today, 30)}`,
            { connections: 50, duration: 5 },
          )
        : scenario === 'appointments'
          ? await load('appointment bookings', `${server.url}/api/v1/appointments`, {
              connections: 50,
              amount: 600,
              requests: appointmentFeeder(appointmentSlots, await residentTokens(prepared.db, 600)).requests as never,
            })
          : scenario === 'availability'
            ? await load('availability JSON', `${server.url}/api/v1/rooms/kokurakita-llc-r2/availability?from=${month}-01&to=${month}-28`, {
                connections: 50,
                duration: 5,
              })
            : await load('bookings', `${server.url}/api/v1/reservations`, {
                connections: 50,
                amount: 1500,
                requests: bookingFeeder(cells, tokens).requests,
              });
    await server.stop();
    const file = readdirSync(profDir).find((f) => f.endsWith('.cpuprofile'));
    if (!file) throw new Error('no profile written');
    const profile = JSON.parse(readFileSync(join(profDir, file), 'utf8')) as { nodes: ProfileNode[] };
    const total = profile.nodes.reduce((s, n) => s + n.hitCount, 0);
    const byFunction = new Map<string, number>();
    const byArea = new Map<string, number>();
    for (const n of profile.nodes) {
      const url = n.callFrame.url.replace('file://', '');
      const path = url ? relative(process.cwd(), url) : '(native)';
      // A worktree's node_modules may be another checkout's (../main/node_modules): name it from there.
      const where = path.includes('node_modules/') ? path.slice(path.indexOf('node_modules/')) : path;
      const key = `${n.callFrame.functionName || '(anonymous)'} ${where}:${n.callFrame.lineNumber + 1}`;
      byFunction.set(key, (byFunction.get(key) ?? 0) + n.hitCount);
      const area = where.startsWith('node_modules/')
        ? where
            .split('/')
            .slice(0, where.startsWith('node_modules/@') ? 3 : 2)
            .join('/')
        : where.startsWith('src/') || where.startsWith('dist/')
          ? where.split('/').slice(0, 3).join('/')
          : n.callFrame.functionName.startsWith('(')
            ? n.callFrame.functionName
            : '(node internals)';
      byArea.set(area, (byArea.get(area) ?? 0) + n.hitCount);
    }
    const top = (m: Map<string, number>, n: number) =>
      [...m]
        .sort((a, b) => b[1] - a[1])
        .slice(0, n)
        .map(([k, v]) => [k, `${((100 * v) / total).toFixed(1)}%`]);
    process.stdout.write(`\n== ${scenario}: ${r.rps} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms at 50 clients\n`);
    process.stdout.write(`${table(['where (self time)', 'share'], top(byArea, 14))}\n\n`);
    process.stdout.write(`${table(['function (self time)', 'share'], top(byFunction, 16))}\n`);
  }
  await prepared.db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
