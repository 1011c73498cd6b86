/**
 * The demo counter appointments: three counters with their procedures at each of the seven ward offices,
 * a 休日開庁 Sunday at the end of March, and life events whose services an API caller can book back to
 * back (引っ越し: 転入届 → 国民健康保険 → 児童手当) on both databases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { api, tokenFor } from '../../test/api.ts';
import { describeEachDialect, testApp } from '../../test/db.ts';
import { makeStaff } from '../../test/factories.ts';
import { cityWards } from '../db/seed/reference-data.ts';
import { demoAppointments, holidayOpeningSunday, insertDemoAppointments } from './demo-appointments.ts';

describe('demo appointments generator', () => {
  it('gives every ward office 市民課, 保険年金課 and 子ども家庭課 with 2–4 desks and the usual procedures', () => {
    const demo = demoAppointments('2026-11-24');
    expect(demo.counters).toHaveLength(cityWards.length * 3);
    expect(demo.counters.every((c) => Number(c.desks) >= 2 && Number(c.desks) <= 4)).toBe(true);
    const names = demo.services.filter((s) => String(s.id).startsWith('svc_demo_kokurakita_')).map((s) => [s.name, s.duration_minutes]);
    expect(names).toEqual(
      expect.arrayContaining([
        ['転入届', 15],
        ['転出届', 15],
        ['転居届', 15],
        ['印鑑登録', 15],
        ['マイナンバーカードの受取', 30],
        ['国民健康保険の加入・脱退', 15],
        ['児童手当の申請', 30],
      ]),
    );
    expect(demo.services.every((s) => String(s.documents).length > 0 && String(s.documents_en).length > 0)).toBe(true);
    expect(demo.lifeEvents).toHaveLength(cityWards.length * 3);
  });

  it('opens on the last Sunday of the coming March', () => {
    expect(holidayOpeningSunday('2026-11-24')).toBe('2027-03-28');
    expect(holidayOpeningSunday('2027-02-01')).toBe('2027-03-28');
    expect(demoAppointments('2026-11-24').days.every((d) => d.date === '2027-03-28' && d.status === 'open')).toBe(true);
  });
});

describeEachDialect('demo appointments in the database', (ctx) => {
  let app: ReturnType<typeof testApp>;

  beforeAll(async () => {
    const db = ctx().db.kysely;
    await db
      .insertInto('organisations')
      .values(
        cityWards.map((w) => ({
          id: `org_demo_${w.id}_office`,
          name: `${w.name}役所`,
          type: 'community',
          member_count: 0,
          created_at: '2026-11-01T00:00:00.000Z',
          kind: 'ward_office',
          official: 1,
          ward_id: w.id,
        })),
      )
      .execute();
    await db.transaction().execute((trx) => insertDemoAppointments(trx, demoAppointments('2026-11-24')));
    app = testApp(ctx());
  });

  it('books the 引っ越し life event back to back at three counters', async () => {
    const offices = (await api(app, 'GET', '/api/v1/offices')).json.offices as unknown[];
    expect(offices).toHaveLength(cityWards.length);
    const clerk = await makeStaff(ctx().db.kysely, 'counter_clerk', { id: 'org_demo_kokurakita_office' });
    const ids = ['moving_in', 'health_insurance', 'child_allowance'].map((k) => `svc_demo_kokurakita_${k}`);
    const { status, json } = await api(app, 'POST', '/api/v1/appointments', await tokenFor(ctx(), clerk.id), {
      lifeEventId: 'lev_demo_kokurakita_moving',
      serviceIds: [ids[2], ids[0], ids[1]],
      date: '2026-12-01',
      start: '09:00',
      name: '転入 太郎',
      nameKana: 'テンニュウ タロウ',
      phone: '093-582-2222',
      channel: 'phone',
    });
    expect(status).toBe(201);
    expect((json.items as { serviceId: string; starts: string; ends: string }[]).map((i) => [i.serviceId, i.starts, i.ends])).toEqual([
      [ids[0], '09:00', '09:15'],
      [ids[1], '09:30', '09:45'],
      [ids[2], '10:00', '10:30'],
    ]);
    const sunday = await api(app, 'GET', '/api/v1/services/svc_demo_kokurakita_moving_in/slots?from=2027-03-28&to=2027-03-28');
    expect((sunday.json.days as { open: boolean; note: string }[])[0]).toMatchObject({
      open: true,
      note: '休日開庁（引っ越しの多い時期）',
    });
  });
});
