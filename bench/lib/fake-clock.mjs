/**
 * Bench-only wall clock for the server process, loaded with `node --import ./bench/lib/fake-clock.mjs
 * dist/server.js` (plain JavaScript, so the built server needs no TypeScript loader for it): every `Date` (and so the app's systemClock) reads the real
 * time plus BENCH_CLOCK_OFFSET_MS. The rush scenario uses it to put a real server at 09:00 on a
 * first-come day. What libfaketime would do, without a system package and without touching src/: the app
 * takes every "now" from its Clock, and systemClock is `new Date()`. Timers and performance.now() keep
 * running on the real monotonic clock, so timeouts and latencies are unaffected.
 *
 * With BENCH_LOOP_LAG=1 it also profiles the server from inside (README "Where the time goes"): the event
 * loop's delay and how long each PostgreSQL query waited for a pool connection, every 2 s on stderr.
 */
const offset = Number(process.env.BENCH_CLOCK_OFFSET_MS ?? 0);

if (Number.isFinite(offset) && offset !== 0) {
  const RealDate = Date;
  const shiftedNow = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    // `new Date()` reads the shifted clock; `new Date(x)` means x, as always.
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget),
    // `Date()` called without new returns the current time as a string.
    apply: () => new RealDate(shiftedNow()).toString(),
    get: (target, key, receiver) => (key === 'now' ? shiftedNow : Reflect.get(target, key, receiver)),
  });
}

// BENCH_LOOP_LAG=1: the event loop's delay, printed every 2 s (what a request waits before its turn).
if (process.env.BENCH_LOOP_LAG === '1') {
  const { monitorEventLoopDelay } = await import('node:perf_hooks');
  const delay = monitorEventLoopDelay({ resolution: 5 });
  delay.enable();
  setInterval(() => {
    const ms = (ns) => (ns / 1e6).toFixed(0);
    process.stderr.write(
      `[loop ${process.pid}] p50 ${ms(delay.percentile(50))} ms, p99 ${ms(delay.percentile(99))} ms, max ${ms(delay.max)} ms\n`,
    );
    delay.reset();
  }, 2000).unref();
}

// BENCH_LOOP_LAG=1 also times how long the PostgreSQL pool makes a query wait for a connection.
if (process.env.BENCH_LOOP_LAG === '1') {
  const { createRequire } = await import('node:module');
  const pg = createRequire(import.meta.url)('pg');
  const waits = [];
  const connect = pg.Pool.prototype.connect;
  pg.Pool.prototype.connect = function timedConnect(callback) {
    const started = performance.now();
    const waited = () => waits.push(performance.now() - started);
    if (callback)
      return connect.call(this, (err, client, done) => {
        waited();
        callback(err, client, done);
      });
    return connect.call(this).then((client) => {
      waited();
      return client;
    });
  };
  setInterval(() => {
    if (waits.length === 0) return;
    waits.sort((a, b) => a - b);
    const at = (q) => waits[Math.min(waits.length - 1, Math.floor(q * waits.length))].toFixed(0);
    process.stderr.write(`[pool ${process.pid}] ${waits.length} checkouts, wait p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms\n`);
    waits.length = 0;
  }, 2000).unref();
}
