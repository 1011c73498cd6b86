/**
 * The booking steps' forms as sent: the choice (services, life event, day, start) that rides along in
 * hidden fields, who books, and the form token (the Idempotency-Key of the booking), read the same way by
 * the resident's steps (appointment.routes.tsx) and by staff booking for a caller.
 */
import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { type FormResult, formOf, formValues, parseForm } from '../../http/forms.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { isLocalDate, type LocalDate } from '../../lib/time.ts';
import { randomToken } from '../../lib/tokens.ts';
import type { Selection } from './appointment.choice.service.ts';
import { type AppointmentRequestInput, appointmentRequestSchema, timeSchema } from './appointment.schema.ts';
import type { DetailsValues } from './views/appointment-form-pages.tsx';

export const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The choice as sent (query or form); an id that cannot be one is not found, as a wrong link is. */
export function selectionOf(serviceIds: string[], event: string | undefined): Selection {
  const ids = serviceIds.filter((id) => id !== '').slice(0, 10);
  if (ids.some((id) => !ID_RE.test(id)) || (event && !ID_RE.test(event))) throw new NotFoundError('page');
  return { serviceIds: ids, lifeEventId: event || undefined };
}

export interface Submitted {
  sel: Selection;
  date: LocalDate;
  start: string;
  values: DetailsValues;
  formToken: string;
}

export async function submitted(c: Context<AppEnv>): Promise<Submitted> {
  const form = await formOf(c);
  const sel = selectionOf(await formValues(c, 'services'), form.event);
  const start = timeSchema.safeParse(form.start ?? '');
  if (!isLocalDate(form.date ?? '') || !start.success) throw new NotFoundError('page');
  const pick = (k: keyof DetailsValues) => (form[k] ?? '').slice(0, 300);
  return {
    sel,
    date: form.date as LocalDate,
    start: start.data,
    values: {
      name: pick('name'),
      nameKana: pick('nameKana'),
      phone: pick('phone'),
      email: pick('email'),
      wardResident: pick('wardResident'),
      emailCode: pick('emailCode'),
      channel: pick('channel'),
    },
    formToken: ID_RE.test(form.formToken ?? '') ? (form.formToken as string) : randomToken(),
  };
}

/** The booking request of the form; `channel` only for staff booking for a caller (phone or counter). */
export function requestOf(c: Context<AppEnv>, s: Submitted, withCode: boolean, forCaller = false): FormResult<AppointmentRequestInput> {
  const v = s.values;
  return parseForm(c, appointmentRequestSchema, {
    serviceIds: s.sel.serviceIds,
    lifeEventId: s.sel.lifeEventId,
    date: s.date,
    start: s.start,
    name: v.name || undefined,
    nameKana: v.nameKana || undefined,
    phone: v.phone,
    email: v.email,
    emailCode: withCode ? v.emailCode || undefined : undefined,
    wardResident: v.wardResident,
    // Never absent for a caller: without a channel the booking would be the signed-in clerk's own.
    channel: forCaller ? v.channel || 'phone' : undefined,
    lang: c.get('lang'),
  });
}
