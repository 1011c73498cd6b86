/**
 * The OpenAPI 3.1 document of the JSON API, composed from the paths and schemas each feature's x.api.ts
 * describes (built from the same zod schemas that shape the responses and the same code lists that
 * validate the queries). It imports every feature, so it sits beside app.tsx, which serves it.
 */
import { accountOpenApi } from './features/account/account.api.ts';
import { appointmentOpenApi } from './features/appointment/appointment.api.ts';
import { appointmentStaffOpenApi } from './features/appointment/appointment.staff.api.ts';
import { queueOpenApi } from './features/appointment/queue.api.ts';
import { availabilityOpenApi } from './features/availability/availability.api.ts';
import { bookingOpenApi } from './features/booking/booking.api.ts';
import { facilityOpenApi } from './features/facility/facility.api.ts';
import { insightsOpenApi } from './features/insights/insights.api.ts';
import { lotteryOpenApi } from './features/lottery/lottery.api.ts';
import { organisationOpenApi } from './features/organisation/organisation.api.ts';
import { searchOpenApi } from './features/search/search.api.ts';
import { staffOpenApi } from './features/staff/staff.api.ts';
import { openApiDocument as buildDocument } from './http/openapi.ts';

const info = {
  title: 'tsunagu API',
  version: '1.0.0',
  license: { name: 'MIT', identifier: 'MIT' },
  description:
    'Facilities, rooms and availability of the city’s citizen centres and lifelong-learning centres. Dates are local dates in Asia/Tokyo (YYYY-MM-DD), times HH:MM. Error texts follow Accept-Language (ja or en). Public availability never reveals who booked.',
};

// app.tsx serves /healthz itself, so its description lives here rather than in a feature.
const healthPaths = {
  '/healthz': {
    get: {
      operationId: 'getHealth',
      summary: 'Liveness: 200 when the database answers',
      security: [],
      responses: {
        '200': { description: 'OK' },
        '431': { description: 'Request headers too large (refused by the HTTP server before the application)' },
        '503': { description: 'Database unavailable' },
      },
    },
  },
};

export function openApiDocument() {
  const queue = queueOpenApi();
  const appointment = appointmentOpenApi();
  const appointmentStaff = appointmentStaffOpenApi();
  const [facility, organisation, availability, search, account, booking, lottery, insights, staff] = [
    facilityOpenApi(),
    organisationOpenApi(),
    availabilityOpenApi(),
    searchOpenApi(),
    accountOpenApi(),
    bookingOpenApi(),
    lotteryOpenApi(),
    insightsOpenApi(),
    staffOpenApi(),
  ];
  // The order is the reading order of the document (public catalogue, then the caller's own, then staff).
  const paths = {
    ...healthPaths,
    ...facility.paths,
    ...organisation.paths,
    ...availability.paths,
    ...search.paths,
    ...account.paths,
    ...booking.paths,
    ...lottery.paths,
    ...insights.paths,
    ...staff.paths,
    ...queue.paths,
    ...appointment.paths,
    ...appointmentStaff.paths,
  };
  const schemas = {
    ...account.schemas,
    ...facility.schemas,
    ...availability.schemas,
    ...search.schemas,
    ...booking.schemas,
    ...lottery.schemas,
    ...insights.schemas,
    ...organisation.schemas,
    ...staff.schemas,
    ...queue.schemas,
    ...appointment.schemas,
    ...appointmentStaff.schemas,
  };
  return buildDocument(info, paths, schemas);
}
