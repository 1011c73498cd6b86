/**
 * The bad-input requests of the counter-appointment and queue APIs (#17), generated from their OpenAPI
 * parts rather than a hand list: every documented operation, path parameters either a real id of the
 * demo city or nasty text, every documented query and header parameter, and a body made of the
 * documented fields (or a raw nasty text). A path added to the document is covered the next run; a route
 * left out of the document is caught by src/openapi tests, not here. Operations documented with bearer
 * security are sent with a counter clerk's token of the office, so they reach their validation instead
 * of stopping at 401/403; the others sometimes carry a resident's token (booking as that person).
 */
import fc from 'fast-check';
import { appointmentOpenApi } from '../../src/features/appointment/appointment.api.ts';
import { queueOpenApi } from '../../src/features/appointment/queue.api.ts';

export interface Operation {
  method: string;
  path: string;
  pathParams: string[];
  query: string[];
  headers: string[];
  body: string[];
  staff: boolean;
}

interface DocumentedOperation {
  parameters?: { name: string; in: string }[];
  security?: Record<string, unknown>[];
  requestBody?: { content?: { 'application/json'?: { schema?: { properties?: Record<string, unknown> } } } };
}

/** Every operation of the appointment and queue parts of the OpenAPI document. */
export function appointmentOperations(): Operation[] {
  const ops: Operation[] = [];
  for (const part of [appointmentOpenApi(), queueOpenApi()])
    for (const [path, methods] of Object.entries(part.paths))
      for (const [method, raw] of Object.entries(methods)) {
        const op = raw as DocumentedOperation;
        const params = op.parameters ?? [];
        const named = (where: string) => params.filter((p) => p.in === where).map((p) => p.name);
        ops.push({
          method: method.toUpperCase(),
          path,
          pathParams: named('path'),
          query: named('query'),
          headers: named('header'),
          body: Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {}),
          staff: (op.security ?? []).length > 0 && (op.security ?? []).every((s) => Object.keys(s).length > 0),
        });
      }
  return ops;
}

/** Real ids of the demo city for each path parameter, by the path's resource. */
export interface RealIds {
  office: string;
  counter: string;
  service: string;
  ticket: string;
  appointmentNumber: string;
}

function realFor(path: string, param: string, ids: RealIds): string {
  if (param === 'number') return ids.appointmentNumber;
  if (path.startsWith('/api/v1/offices/')) return ids.office;
  if (path.startsWith('/api/v1/counters/')) return ids.counter;
  if (path.startsWith('/api/v1/services/')) return ids.service;
  return ids.ticket;
}

export interface ApiSample {
  kind: 'openapi';
  op: number;
  pathValues: (string | null)[];
  query: Record<string, string>;
  headers: Record<string, string>;
  body: Record<string, unknown> | string;
  asResident: boolean;
}

export function apiSamples(ops: Operation[], nasty: fc.Arbitrary<string>, jsonish: fc.Arbitrary<unknown>): fc.Arbitrary<ApiSample> {
  return fc.integer({ min: 0, max: ops.length - 1 }).chain((op) => {
    const o = ops[op] as Operation;
    return fc.record({
      kind: fc.constant('openapi' as const),
      op: fc.constant(op),
      // null: the real id (so the request gets past "not found" to its validation).
      pathValues: fc.tuple(...o.pathParams.map(() => fc.option(nasty, { freq: 2 }))),
      query: o.query.length > 0 ? fc.dictionary(fc.constantFrom(...o.query), nasty) : fc.constant({}),
      headers: o.headers.length > 0 ? fc.dictionary(fc.constantFrom(...o.headers), nasty) : fc.constant({}),
      body: o.body.length > 0 ? fc.oneof({ arbitrary: fc.dictionary(fc.constantFrom(...o.body), jsonish), weight: 4 }, nasty) : nasty,
      asResident: fc.boolean(),
    });
  });
}

/** The request of one sample (fetch arguments), with the tokens it is sent with. */
export function apiRequest(
  ops: Operation[],
  s: ApiSample,
  ids: RealIds,
  tokens: { clerk: string; resident: string },
): { path: string; init: RequestInit } {
  const o = ops[s.op] as Operation;
  let path = o.path;
  for (const [i, name] of o.pathParams.entries()) {
    const value = s.pathValues[i] ?? realFor(o.path, name, ids);
    path = path.replace(`{${name}}`, encodeURIComponent(value));
  }
  const query = new URLSearchParams(s.query).toString();
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(s.headers)) if (/^[\t\x20-\x7e]*$/.test(v)) headers[k] = v; // fetch refuses others
  const token = o.staff ? tokens.clerk : s.asResident ? tokens.resident : undefined;
  if (token) headers.authorization = `Bearer ${token}`;
  const init: RequestInit = { method: o.method, headers };
  if (o.method === 'POST') {
    headers['content-type'] = 'application/json';
    init.body = typeof s.body === 'string' ? s.body : JSON.stringify(s.body);
  }
  return { path: `${path}${query ? `?${query}` : ''}`, init };
}
