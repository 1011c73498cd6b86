/** JSON API v1 for the catalogue. Field names are part of the public contract: see facilityOpenApi below. */
import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { json, listOf, type OpenApiPart, ok, open, problemResponses } from '../../http/openapi.ts';
import { parseOrThrow } from '../../http/validation.ts';
import { InvalidInputError } from '../../lib/errors.ts';
import { findWard } from './facility.repository.ts';
import { facilityDetailJsonSchema, facilityJsonSchema, facilityListQuery, parseId, wardJsonSchema } from './facility.schema.ts';
import { getFacilityDetail, listFacilities, listWards } from './facility.service.ts';
import type { Band, Facility, Room } from './facility.ts';
import { FACILITY_KINDS } from './facility.ts';

export function facilityJson(f: Facility) {
  return {
    id: f.id,
    wardId: f.wardId,
    kind: f.kind,
    name: f.name,
    nameKana: f.nameKana,
    nameEn: f.nameEn,
    postcode: f.postcode,
    address: f.address,
    latitude: f.latitude,
    longitude: f.longitude,
    phone: f.phone,
    url: f.url,
    access: f.access,
    accessibility: f.accessibility,
    notes: f.notes,
    openingHours: f.hours,
    openOnHolidays: f.openOnHolidays,
    demo: f.isDemo,
  };
}

export function roomJson(r: Room, bands: readonly Band[] = []) {
  return {
    id: r.id,
    facilityId: r.facilityId,
    name: r.name,
    nameEn: r.nameEn,
    roomType: r.roomType,
    capacity: r.capacity,
    areaM2: r.areaM2,
    equipment: r.equipment,
    accessibility: r.accessibility,
    notes: r.notes,
    bands: bands.map((b) => ({ band: b.code, label: b.label, labelEn: b.labelEn, start: b.start, end: b.end })),
  };
}

export function facilityApi() {
  const app = new Hono<AppEnv>();

  app.get('/wards', async (c) => {
    const wards = await listWards(c.get('deps').db);
    return c.json({ wards });
  });

  app.get('/facilities', async (c) => {
    const { db } = c.get('deps');
    const query = parseOrThrow(facilityListQuery, c.req.query());
    if (query.ward && !(await findWard(db, query.ward))) {
      throw new InvalidInputError([{ field: 'ward', key: 'errUnknownWard' }]);
    }
    const facilities = await listFacilities(db, { wardId: query.ward, kind: query.kind });
    return c.json({ facilities: facilities.map(facilityJson) });
  });

  app.get('/facilities/:id', async (c) => {
    const detail = await getFacilityDetail(c.get('deps').db, parseId(c.req.param('id'), 'facility'));
    return c.json({
      ...facilityJson(detail.facility),
      rooms: detail.rooms.map((r) => roomJson(r, detail.bandSchemes.get(r.bandSchemeId))),
    });
  });

  return app;
}

/** The OpenAPI paths of this API and the component schemas they refer to (composed in src/openapi.ts). */
export function facilityOpenApi(): OpenApiPart {
  return {
    paths: {
      '/api/v1/wards': {
        get: {
          operationId: 'listWards',
          summary: 'The wards (区) with their number of facilities',
          security: open.security,
          responses: { ...ok('WardList'), ...open.responses },
        },
      },
      '/api/v1/facilities': {
        get: {
          operationId: 'listFacilities',
          summary: 'Facilities, optionally of one ward and/or kind',
          parameters: [
            { name: 'ward', in: 'query', schema: { type: 'string' }, description: 'Ward id from /api/v1/wards' },
            { name: 'kind', in: 'query', schema: { type: 'string', enum: [...FACILITY_KINDS] } },
          ],
          security: open.security,
          responses: { ...open.responses, ...ok('FacilityList'), '422': problemResponses['422'] },
        },
      },
      '/api/v1/facilities/{id}': {
        get: {
          operationId: 'getFacility',
          summary: 'One facility with its rooms and their time bands',
          parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
          security: open.security,
          responses: { ...open.responses, ...ok('FacilityDetail'), '404': problemResponses['404'] },
        },
      },
    },
    schemas: {
      Ward: json(wardJsonSchema),
      WardList: listOf('wards', 'Ward'),
      Facility: json(facilityJsonSchema),
      FacilityList: listOf('facilities', 'Facility'),
      FacilityDetail: json(facilityDetailJsonSchema),
    },
  };
}
