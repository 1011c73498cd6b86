/** The JSON shapes the API answers with (appointment.schema.ts documents them; tests parse with them). */

import type { AppointmentView } from './appointment.service.ts';
import type { LifeEvent, Office } from './appointment.ts';

export function appointmentJson(view: AppointmentView, secret?: string) {
  const a = view.appointment;
  return {
    number: a.number,
    ...(secret ? { secret } : {}),
    status: a.status,
    officeId: a.officeId,
    officeName: view.officeName,
    lifeEventId: a.lifeEventId,
    date: a.date,
    starts: a.starts,
    name: a.name,
    contactConfirmed: a.contactConfirmed,
    channel: a.channel,
    createdAt: a.createdAt,
    cancelledAt: a.cancelledAt,
    items: view.items,
  };
}

export function officesJson(catalogue: { offices: Office[]; lifeEvents: LifeEvent[] }) {
  return {
    offices: catalogue.offices.map((o) => ({
      id: o.id,
      name: o.name,
      wardId: o.wardId,
      counters: o.counters.map((c) => ({
        id: c.id,
        name: c.name,
        nameEn: c.nameEn,
        place: c.place,
        placeEn: c.placeEn,
        slotMinutes: c.slotMinutes,
        desks: c.desks,
        services: c.services.map(({ counterId: _c, ...s }) => s),
      })),
    })),
    lifeEvents: catalogue.lifeEvents,
  };
}
