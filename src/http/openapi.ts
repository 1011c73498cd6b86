/**
 * The generic OpenAPI 3.1 builder: the shared Problem schema and responses, who may call an operation,
 * the zod → JSON Schema conversion, and the document shell every feature's paths and schemas go into.
 * The features describe their own endpoints (x.api.ts); the app composes them (src/openapi.ts).
 */
import { z } from 'zod';
import { MAX_BODY_BYTES } from './errors.tsx';
import { problemTypes } from './problem-types.ts';

// Input schemas preprocess (NFKC, trimming): document what a client sends, not the parsed result.
export const json = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });

// Built when the document is, not when a feature's api module is imported on the request path.
const problemSchema = () => ({
  type: 'object',
  description: 'RFC 9457 problem details. `errors` lists field problems for 422 responses.',
  properties: {
    type: {
      type: 'string',
      description: `A stable slug to branch on (the title is translated text):\n${problemTypes()
        .map((p) => `- \`${p.type}\`: ${p.description}`)
        .join('\n')}`,
      enum: problemTypes().map((p) => p.type),
    },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    errors: {
      type: 'array',
      items: { type: 'object', properties: { field: { type: 'string' }, message: { type: 'string' } }, required: ['field', 'message'] },
    },
  },
  required: ['type', 'title', 'status'],
});

export const dateParam = (name: string, description: string, required = false) => ({
  name,
  in: 'query',
  required,
  description,
  schema: { type: 'string', format: 'date', example: '2026-12-05' },
});

export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
});

export const problemResponses = {
  '404': problemResponse('Not found'),
  '422': problemResponse('Invalid input, with field errors'),
};

/** Operations anyone may call; an Authorization header, if sent, must still hold a valid token. */
export const open = {
  security: [],
  responses: { '401': problemResponse('An Authorization header was sent with an invalid or revoked token (none is needed)') },
};
export const bearer = { security: [{ bearer: [] }], responses: { '401': problemResponse('No, invalid or revoked bearer token') } };
// Every request body passes the same size limit before any route reads it.
export const tooLarge = { '413': problemResponse(`The body is larger than ${MAX_BODY_BYTES / 1024} KB`) };

export const ok = (ref: string) => ({
  '200': { description: 'OK', content: { 'application/json': { schema: { $ref: `#/components/schemas/${ref}` } } } },
});

/** What a feature adds to the document: its paths and the component schemas they refer to. */
export interface OpenApiPart {
  paths: Record<string, Record<string, unknown>>;
  schemas?: Record<string, unknown>;
}

/** A list of `ref` objects under `key`, for the responses that wrap their items in one field. */
export const listOf = (key: string, ref: string) => ({
  type: 'object',
  properties: { [key]: { type: 'array', items: { $ref: `#/components/schemas/${ref}` } } },
  required: [key],
});

/** The document: the given paths and schemas, with the bearer scheme and the Problem schema they share. */
export function openApiDocument(info: Record<string, unknown>, paths: OpenApiPart['paths'], schemas: Record<string, unknown>) {
  return {
    openapi: '3.1.0',
    info,
    servers: [{ url: '/' }],
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: { Problem: problemSchema(), ...schemas },
    },
  };
}
