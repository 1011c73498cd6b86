/**
 * JSON API of the registry and the 校区 lookup, open to anyone: the tree of registry entries, one
 * organisation, and the 校区 of an address. Nothing here names a person: no members, officers or
 * representatives; a residents' own group shows only what its name already tells.
 */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { json, type OpenApiPart, ok, open, problemResponses } from '../../http/openapi.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { lookupDistrict } from '../../platform/organisation/district-lookup.ts';
import { type OrganisationDetail, organisationDetail, registryTree } from '../../platform/organisation/organisation.service.ts';
import type { Organisation } from '../../platform/organisation/organisation.ts';
import { ORGANISATION_KINDS } from '../../platform/organisation/organisation.ts';
import { lookupJsonSchema, lookupQuery, organisationJsonSchema, treeJsonSchema, treeQuery } from './organisation.schema.ts';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

const refJson = (o: Organisation) => ({ id: o.id, kind: o.kind, name: o.name });

export function organisationJson(detail: OrganisationDetail) {
  const o = detail.organisation;
  if (!o.official) {
    // A residents' group: a circle until linked, never shown as the official body; nothing more public.
    return {
      id: o.id,
      kind: 'circle' as const,
      official: false,
      name: o.name,
      nameKana: null,
      wardId: null,
      schoolDistrictId: null,
      corporateNumber: null,
      parents: [],
      children: [],
      registryEntry: detail.registryEntry ? refJson(detail.registryEntry) : null,
    };
  }
  return {
    id: o.id,
    kind: o.kind,
    official: true,
    name: o.name,
    nameKana: o.nameKana,
    wardId: o.wardId,
    schoolDistrictId: o.schoolDistrictId,
    corporateNumber: o.corporateNumber,
    parents: detail.parents.map(refJson),
    children: detail.children.map((c) => ({ ...refJson(c), childCount: c.childCount })),
    registryEntry: null,
  };
}

export function organisationApi() {
  const app = new Hono<AppEnv>();

  app.get('/organisations', async (c) => {
    const query = parseOrThrow(treeQuery, c.req.query());
    const tree = await registryTree(c.get('deps').db, { wardId: query.ward, kind: query.kind });
    return c.json({
      organisations: tree.nodes.map((n) => ({
        id: n.id,
        kind: n.kind,
        name: n.name,
        nameKana: n.nameKana,
        parentId: n.parentId,
        wardId: n.wardId,
        schoolDistrictId: n.schoolDistrictId,
        depth: n.depth,
        childCount: n.childCount,
      })),
      counts: tree.counts,
    });
  });

  app.get('/organisations/:id', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) throw new NotFoundError('organisation');
    return c.json(organisationJson(await organisationDetail(c.get('deps').db, id)));
  });

  app.get('/school-districts/lookup', async (c) => {
    const query = parseOrThrow(lookupQuery, c.req.query());
    const { db, config } = c.get('deps');
    return c.json(await lookupDistrict(db, { name: config.city.name, prefecture: config.city.prefecture }, query.address));
  });

  return app;
}

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function organisationOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/organisations': {
        get: {
          operationId: 'listOrganisations',
          summary: 'The registry tree (official entries only), optionally of one ward and/or kind, with counts by kind',
          parameters: [
            { name: 'ward', in: 'query', schema: { type: 'string' }, description: 'Ward id from /api/v1/wards' },
            {
              name: 'kind',
              in: 'query',
              schema: { type: 'string', enum: [...ORGANISATION_KINDS] },
              description: 'One kind: the list is then flat',
            },
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('OrganisationTree'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/organisations/{id}': {
        get: {
          operationId: 'getOrganisation',
          summary:
            'One organisation with its parent chain and children; a residents’ group shows its name and link only. No personal data.',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          security: open.security,
          responses: { ...open.responses, ...ok('Organisation'), '404': problemResponses['404'] },
        },
      },
      '/api/v1/school-districts/lookup': {
        get: {
          operationId: 'lookupSchoolDistrict',
          summary:
            'The 校区 of an address as residents type it (〒, ward, 全角 digits, 一丁目 or 1-2-3 forms), with its council and associations',
          parameters: [
            { name: 'address', in: 'query', required: true, schema: { type: 'string', maxLength: 200 }, example: '小倉北区中央1-2-3' },
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('SchoolDistrictLookup'), '422': problemResponses['422'] },
        },
      },
    },
    schemas: {
      OrganisationTree: json(treeJsonSchema),
      Organisation: json(organisationJsonSchema),
      SchoolDistrictLookup: json(lookupJsonSchema),
    },
  };
}
