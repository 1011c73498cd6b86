/**
 * A signed-in browser for load scenarios over real HTTP (plain fetch; Node's built-in dispatcher keeps
 * connections alive): sends the session cookie, posts forms as a same-origin page does (urlencoded, with
 * Origin), follows nothing by itself (a 303 is recorded as such), and records every response's time and
 * status per step. Any status a scenario does not expect is kept with a sample of its body, so a failure
 * in a report can be diagnosed from the report.
 */

/** What a browser reads back from a page. */
export interface PageResponse {
  status: number;
  html: string;
  location: string | null;
}

interface StepRecord {
  ms: number[];
  statuses: Map<string, number>;
}

/** Statuses a page journey may answer with under contention: everything else is a failure. */
export const EXPECTED_STATUSES = new Set(['200', '201', '303', '304', '409']);

export class Recorder {
  readonly steps = new Map<string, StepRecord>();
  /** Per unexpected status: one sample (step, path, body text). */
  readonly samples = new Map<string, string>();

  record(step: string, ms: number, status: string, path: string, body: string) {
    let r = this.steps.get(step);
    if (!r) {
      r = { ms: [], statuses: new Map() };
      this.steps.set(step, r);
    }
    r.ms.push(ms);
    r.statuses.set(status, (r.statuses.get(status) ?? 0) + 1);
    if (!EXPECTED_STATUSES.has(status) && !this.samples.has(status)) this.samples.set(status, `${step} ${path}: ${bodyText(body)}`);
  }

  /** Count of a status over all steps, or over the named ones. */
  count(status: string, steps?: string[]): number {
    let n = 0;
    for (const [name, r] of this.steps) if (!steps || steps.includes(name)) n += r.statuses.get(status) ?? 0;
    return n;
  }

  /** Every unexpected status with its count. */
  unexpected(): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of this.steps.values())
      for (const [status, n] of r.statuses) if (!EXPECTED_STATUSES.has(status)) out.set(status, (out.get(status) ?? 0) + n);
    return out;
  }
}

/** Nearest-rank percentile of latencies, in whole milliseconds. */
export function percentile(ms: readonly number[], p: number): number {
  if (ms.length === 0) return 0;
  const sorted = [...ms].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0);
}

/** The readable part of an error page or problem body, for the report. */
function bodyText(body: string): string {
  const main = /<main[\s\S]*?<\/main>/.exec(body)?.[0] ?? body;
  const text = main
    .replace(/<(script|style)[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return text.slice(0, 300);
}

const ENTITIES: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };
const decode = (s: string) => s.replace(/&(amp|quot|#39|lt|gt);/g, (e) => ENTITIES[e] ?? e);

/** The hidden fields of the page's POST form to `action`, as a browser would send them (in order). */
export function hiddenFields(html: string, action: string): [string, string][] {
  const forms = html.match(/<form\b[^>]*>[\s\S]*?<\/form>/g) ?? [];
  const form = forms.find((f) => /method="post"/i.test(f) && f.includes(`action="${action}"`));
  if (!form) return [];
  const fields: [string, string][] = [];
  for (const input of form.match(/<input\b[^>]*>/g) ?? []) {
    if (!/type="hidden"/.test(input)) continue;
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields.push([decode(name), decode(/value="([^"]*)"/.exec(input)?.[1] ?? '')]);
  }
  return fields;
}

export class PageBrowser {
  constructor(
    private readonly base: string,
    private readonly cookie: string,
    private readonly recorder: Recorder,
  ) {}

  private async send(step: string, path: string, init: RequestInit): Promise<PageResponse> {
    const started = performance.now();
    try {
      const res = await fetch(`${this.base}${path}`, {
        ...init,
        redirect: 'manual',
        signal: AbortSignal.timeout(60_000),
        headers: { cookie: this.cookie, 'accept-language': 'ja', ...(init.headers as Record<string, string>) },
      });
      const html = await res.text();
      this.recorder.record(step, performance.now() - started, String(res.status), path, html);
      return { status: res.status, html, location: res.headers.get('location') };
    } catch (error) {
      // A refused or timed-out connection is a failure of its own, reported like an unexpected status.
      this.recorder.record(step, performance.now() - started, 'network error', path, String(error));
      return { status: 0, html: '', location: null };
    }
  }

  get(step: string, path: string): Promise<PageResponse> {
    return this.send(step, path, { method: 'GET' });
  }

  post(step: string, path: string, fields: [string, string][]): Promise<PageResponse> {
    return this.send(step, path, {
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: this.base },
    });
  }
}
