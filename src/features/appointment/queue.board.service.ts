/**
 * What the public boards show of an office's day, with no personal data: the 混雑状況 (per counter the
 * people waiting and an estimated wait) and the call screen's last called numbers with their desks.
 *
 * The estimate for someone joining now: waiting × the counter's service time ÷ its open desks, rounded
 * up to whole minutes. The service time is the median of today's finished tickets at the counter (from
 * the call, or from "serving" when it was recorded, to done); before the first is finished, the mean
 * duration of the counter's services. A closed counter has no estimate.
 */
import type { Db } from '../../db/database.ts';
import { type Clock, todayIn } from '../../lib/time.ts';
import { integerBetween, type NumberSetting, readNumber } from '../../platform/settings/settings.ts';
import { findCounterDay, listCountersOfOffice, listLastCalled, listServicesOfOffice, listTicketsOfOfficeDay } from './queue.repository.ts';
import { requireOffice } from './queue.service.ts';
import { counterDay, median } from './queue.ts';

/** Whether the office's call screen may chime and read the number aloud (its kiosk setting; off by default). */
export const soundSetting = (officeId: string): NumberSetting => ({
  key: `queue.sound.${officeId}`,
  fallback: 0,
  accepts: integerBetween(0, 1),
});

export interface CounterBoard {
  id: string;
  name: string;
  nameEn: string;
  place: string;
  placeEn: string;
  waiting: number;
  openDesks: number;
  /** Minutes; null when the counter is closed today. */
  estimatedWaitMinutes: number | null;
  /** Minutes one person takes here today (median of done tickets, or the services' mean duration). */
  serviceMinutes: number;
}

export interface OfficeBoard {
  officeId: string;
  officeName: string;
  date: string;
  updatedAt: string;
  waiting: number;
  counters: CounterBoard[];
}

const minutesBetween = (from: string, to: string) => (new Date(to).getTime() - new Date(from).getTime()) / 60_000;

export async function officeBoard(db: Db, clock: Clock, officeId: string): Promise<OfficeBoard> {
  const office = await requireOffice(db, officeId);
  const today = todayIn(clock);
  const weekday = new Date(`${today}T00:00:00Z`).getUTCDay();
  const [counters, services, tickets] = await Promise.all([
    listCountersOfOffice(db, officeId),
    listServicesOfOffice(db, officeId),
    listTicketsOfOfficeDay(db, officeId, today),
  ]);
  const now = clock.now().toISOString();
  const boards: CounterBoard[] = [];
  for (const counter of counters) {
    const { periods, exception } = await findCounterDay(db, counter.id, today, weekday);
    const day = counterDay({ date: today, desks: Number(counter.desks), periods, exception });
    const mine = tickets.filter((t) => t.counter_id === counter.id);
    const finished = mine
      .filter((t) => t.status === 'done' && t.done_at && (t.serving_at ?? t.called_at))
      .map((t) => minutesBetween(t.serving_at ?? t.called_at ?? '', t.done_at ?? ''));
    const durations = services.filter((s) => s.counter_id === counter.id).map((s) => Number(s.duration_minutes));
    const serviceMinutes =
      finished.length > 0
        ? median(finished)
        : durations.length > 0
          ? durations.reduce((a, b) => a + b, 0) / durations.length
          : Number(counter.slot_minutes);
    const waiting = mine.filter((t) => t.status === 'waiting').length;
    // A desk busy with someone is free only once they are done: what is left of its service time (the
    // typical time less what has passed since the call) comes before the first person waiting.
    const busyMinutesLeft = mine
      .filter((t) => t.status === 'called' || t.status === 'serving')
      .reduce((sum, t) => sum + Math.max(0, serviceMinutes - minutesBetween(t.serving_at ?? t.called_at ?? now, now)), 0);
    const open = day.periods.length > 0 && day.desks > 0;
    boards.push({
      id: counter.id,
      name: counter.name,
      nameEn: counter.name_en,
      place: counter.place,
      placeEn: counter.place_en,
      waiting,
      openDesks: open ? day.desks : 0,
      estimatedWaitMinutes: open ? Math.ceil((waiting * serviceMinutes + busyMinutesLeft) / day.desks) : null,
      serviceMinutes: Math.round(serviceMinutes * 10) / 10,
    });
  }
  return {
    officeId,
    officeName: office.name,
    date: today,
    updatedAt: clock.now().toISOString(),
    waiting: boards.reduce((sum, b) => sum + b.waiting, 0),
    counters: boards,
  };
}

export interface CalledNumber {
  number: number;
  desk: number | null;
  counter: string;
  counterEn: string;
  place: string;
  placeEn: string;
  calledAt: string;
}

export interface ScreenBoard {
  officeId: string;
  officeName: string;
  date: string;
  sound: boolean;
  called: CalledNumber[];
}

/** How many called numbers the screen shows (the newest on top). */
export const SCREEN_NUMBERS = 8;

export async function screenBoard(db: Db, clock: Clock, officeId: string): Promise<ScreenBoard> {
  const office = await requireOffice(db, officeId);
  const today = todayIn(clock);
  const [rows, sound] = await Promise.all([listLastCalled(db, officeId, today, SCREEN_NUMBERS), readNumber(db, soundSetting(officeId))]);
  return {
    officeId,
    officeName: office.name,
    date: today,
    sound: sound === 1,
    called: rows.map((r) => ({
      number: Number(r.number),
      desk: r.desk === null ? null : Number(r.desk),
      counter: r.counterName,
      counterEn: r.counterNameEn,
      place: r.place,
      placeEn: r.placeEn,
      calledAt: r.called_at ?? '',
    })),
  };
}
