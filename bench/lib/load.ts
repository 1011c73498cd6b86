/** Load generation with autocannon; results as the figures the reports quote. */
import autocannon from 'autocannon';

export interface LoadResult {
  name: string;
  connections: number;
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

export async function load(
  name: string,
  url: string,
  options: { connections: number; duration?: number; amount?: number; requests?: autocannon.Request[]; headers?: Record<string, string> },
): Promise<LoadResult> {
  const started = process.hrtime.bigint();
  const result = await autocannon({
    url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 5 }),
    ...(options.requests ? { requests: options.requests } : {}),
    ...(options.headers ? { headers: options.headers } : {}),
    timeout: 30,
  });
  return {
    name,
    connections: options.connections,
    requests: result.requests.total,
    // Timed runs: completed requests over wall time. Fixed-amount runs end on autocannon's one-second
    // ticker, which would undercount, so use the closed-loop law instead: clients ÷ mean latency.
    rps: options.amount
      ? Math.round((options.connections * 1000) / Math.max(result.latency.mean, 0.001))
      : Math.round(result.requests.total / (Number(process.hrtime.bigint() - started) / 1e9)),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  };
}

export function table(headers: string[], rows: (string | number)[][]): string {
  return [`| ${headers.join(' | ')} |`, `|${headers.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
}

/**
 * Booking requests for autocannon: each takes the next free cell, as the next of the given users.
 * `used()` says how many cells have been handed out, so later runs can start after them.
 */
export function bookingFeeder(cells: readonly { roomId: string; date: string; band: string }[], tokens: readonly string[]) {
  let next = 0;
  const requests: autocannon.Request[] = [
    {
      method: 'POST',
      setupRequest: (req) => {
        const cell = cells[next++ % cells.length] as { roomId: string; date: string; band: string };
        return {
          ...req,
          path: '/api/v1/reservations',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens[next % tokens.length]}` },
          body: JSON.stringify({
            roomId: cell.roomId,
            date: cell.date,
            bands: [cell.band],
            purpose: 'ベンチ',
            attendees: 1,
            category: 'general',
          }),
        };
      },
    },
  ];
  return { requests, used: () => next };
}
