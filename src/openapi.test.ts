import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb, testApp } from '../test/db.ts';
import { redoclyProblems } from '../test/openapi-lint.ts';
import { ROLES, SCOPE_KINDS } from './platform/authz/actor.ts';

type Operation = {
  operationId?: string;
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: unknown }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
};
type Document = { info: { license?: { name: string } }; paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'options', 'head'];

// The document does not depend on the data: one dialect serves it (the Redocly run takes seconds).
describe('the served OpenAPI document', () => {
  let db: TestDb;
  let document: Document;

  beforeAll(async () => {
    db = await createTestDb('sqlite');
    const res = await testApp(db).request('/api/v1/openapi.json');
    document = (await res.json()) as Document;
  });

  afterAll(async () => {
    await db.destroy();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([method]) => METHODS.includes(method))
        .map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
    );

  it('names every role and scope kind GET /api/v1/me can answer with', () => {
    const me = (document as unknown as { components: { schemas: Record<string, unknown> } }).components.schemas.Me;
    const text = JSON.stringify(me);
    for (const name of [...ROLES, ...SCOPE_KINDS]) expect(text, name).toContain(`"${name}"`);
    expect(text).not.toContain('"clerk"');
  });

  it('is valid OpenAPI (swagger-parser)', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('passes Redocly’s recommended ruleset with no error and no warning', () => {
    const problems = redoclyProblems(document).map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`);
    expect(problems).toEqual([]);
  });

  it('gives every operation an operationId and says who may call it (security [] when public)', () => {
    const ids = operations().map(({ op }) => op.operationId);
    expect(ids.every((id) => typeof id === 'string' && id.length > 0)).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      operations()
        .filter(({ op }) => !Array.isArray(op.security))
        .map(({ where }) => where),
    ).toEqual([]);
    expect(document.paths['/api/v1/wards']?.get?.security).toEqual([]);
    expect(document.paths['/api/v1/reservations']?.get?.security).toEqual([{ bearer: [] }]);
    expect(document.info.license?.name).toBe('MIT');
  });

  it('documents every JSON body as closed: no object in it accepts a field it does not list', () => {
    const open: string[] = [];
    const walk = (node: unknown, where: string): void => {
      if (typeof node !== 'object' || node === null) return;
      const schema = node as Record<string, unknown>;
      if (schema.type === 'object' && schema.additionalProperties !== false) open.push(where);
      for (const [key, child] of Object.entries(schema)) walk(child, `${where}/${key}`);
    };
    const withBody = operations().filter(({ op }) => op.requestBody);
    for (const { where, op } of withBody) walk(op.requestBody?.content['application/json']?.schema, where);
    expect(withBody.length).toBeGreaterThan(3);
    expect(open).toEqual([]);
  });

  it('documents the .ics as text/calendar, 413 wherever a body is sent and 429 on the rate-limited login', () => {
    expect(Object.keys(document.paths['/api/v1/reservations/{id}/ics']?.get?.responses['200']?.content ?? {})).toEqual(['text/calendar']);
    const withBody = operations().filter(({ op }) => 'requestBody' in op);
    expect(withBody.length).toBeGreaterThan(3);
    expect(withBody.filter(({ op }) => !op.responses['413']).map(({ where }) => where)).toEqual([]);
    expect(document.paths['/api/v1/auth/token']?.post?.responses['429']?.content).toHaveProperty(['application/problem+json']);
  });
});
