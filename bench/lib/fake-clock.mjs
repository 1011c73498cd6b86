/**
 * Bench-only wall clock for the server process, loaded with `node --import ./bench/lib/fake-clock.mjs
 * dist/server.js` (plain JavaScript, so the built server needs no TypeScript loader for it): every `Date` (and so the app's systemClock) reads the real
 * time plus BENCH_CLOCK_OFFSET_MS. The rush scenario uses it to put a real server at 09:00 on a
 * first-come day. What libfaketime would do, without a system package and without touching src/: the app
 * takes every "now" from its Clock, and systemClock is `new Date()`. Timers and performance.now() keep
 * running on the real monotonic clock, so timeouts and latencies are unaffected.
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
