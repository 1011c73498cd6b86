/**
 * The lottery in the back office: staff see each month's state and entry count; admins set the dates and
 * limits, run a draw once entries have closed (the hourly job does it on the draw day anyway), and
 * download the draw data that `npx tsunagu lottery verify` checks.
 */
import { type Context, Hono } from 'hono';
import type { Db } from '../../db/database.ts';
import type { AppEnv } from '../../http/env.ts';
import { formOf } from '../../http/forms.ts';
import { validate } from '../../http/validation.ts';
import { NotFoundError } from '../../lib/errors.ts';
import { normalizeCode } from '../../lib/normalize.ts';
import type { Clock } from '../../lib/time.ts';
import { recordAudit } from '../../platform/audit/audit.ts';
import type { User } from '../../platform/authz/actor.ts';
import { isAdmin, requireAdmin, requireStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { renderPage } from '../../ui/layout.tsx';
import { drawMonth } from './lottery.draw.service.ts';
import { exportDraw } from './lottery.export.service.ts';
import { currentMonths, entryCountsOf } from './lottery.months.service.ts';
import { loadLotteryRules, saveLotteryRules } from './lottery.rules.ts';
import { monthParamSchema } from './lottery.schema.ts';
import type { StaffMonthRow } from './lottery.ts';
import { DEFAULT_LOTTERY_RULES, LOTTERY_RULE_LIMITS, type LotteryRules, rulesIssue } from './lottery.ts';
import { LotteryStaffPage } from './views/lottery-staff-page.tsx';

const staffOf = (c: Context<AppEnv>): User => requireStaff(c.get('user'));
const adminOf = (c: Context<AppEnv>): User => {
  const user = staffOf(c);
  requireAdmin(user);
  return user;
};

/** The rules form: whole numbers in range, in an order the calendar can keep; anything else is refused whole. */
function parseRules(raw: Record<string, string>): LotteryRules | undefined {
  const rules = { ...DEFAULT_LOTTERY_RULES };
  for (const name of Object.keys(LOTTERY_RULE_LIMITS) as (keyof LotteryRules)[]) {
    const value = normalizeCode(raw[name]);
    if (typeof value !== 'string' || !/^\d{1,3}$/.test(value)) return undefined;
    rules[name] = Number(value);
  }
  return rulesIssue(rules) === undefined ? rules : undefined;
}

/** The months staff follow, from this one to the next to open, with their entry counts (one query). */
async function staffMonths(db: Db, clock: Clock): Promise<StaffMonthRow[]> {
  const views = await currentMonths(db, clock, { fromThisMonth: true });
  const entriesOf = await entryCountsOf(
    db,
    views.map((v) => v.month),
  );
  return views.map((view) => ({ view, entries: entriesOf(view.month) }));
}

async function saveRules(db: Db, clock: Clock, admin: User, rules: LotteryRules) {
  const before = await loadLotteryRules(db);
  await db.transaction().execute(async (trx) => {
    await saveLotteryRules(trx, rules);
    await recordAudit(trx, clock.now(), {
      actorId: admin.id,
      action: 'config.lottery',
      targetType: 'settings',
      targetId: 'lottery',
      before,
      after: rules,
    });
  });
}

export function lotteryStaffRoutes() {
  const app = new Hono<AppEnv>();

  const page = async (c: Context<AppEnv>, notice?: string, status: 200 | 422 = 200, error?: string, submitted?: Record<string, string>) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const staff = staffOf(c);
    return renderPage(
      c,
      {
        title: t('lotteryStaffTitle'),
        crumbs: [{ href: '/staff', label: t('staffTitle') }, { label: t('lotteryStaffTitle') }],
        children: (
          <LotteryStaffPage
            t={t}
            lang={c.get('lang')}
            csrf={c.get('csrf')}
            admin={isAdmin(staff)}
            months={await staffMonths(db, clock)}
            rules={await loadLotteryRules(db)}
            submitted={submitted}
            notice={notice}
            error={error}
          />
        ),
      },
      status,
    );
  };

  app.get('/staff/lottery', requireLogin, async (c) => {
    const t = c.get('t');
    const q = c.req.query();
    const drawn = q.drawn && /^\d{4}-\d{2}$/.test(q.drawn) ? q.drawn : undefined;
    const notice = drawn
      ? t('lotteryStaffDrawn', { month: drawn, won: Number(q.won ?? 0), lost: Number(q.lost ?? 0), overCap: Number(q.overCap ?? 0) })
      : q.saved
        ? t('configSaved')
        : undefined;
    return page(c, notice);
  });

  app.post('/staff/lottery/rules', requireLogin, async (c) => {
    const admin = adminOf(c);
    const { db, clock } = c.get('deps');
    const raw = await formOf(c);
    const rules = parseRules(raw);
    if (!rules) return page(c, undefined, 422, c.get('t')('errLotteryRules'), raw);
    await saveRules(db, clock, admin, rules);
    return c.redirect('/staff/lottery?saved=1', 303);
  });

  app.post('/staff/lottery/:month/draw', requireLogin, async (c) => {
    const admin = adminOf(c);
    const { db, clock, notifier } = c.get('deps');
    const month = validate(monthParamSchema, c.req.param('month'));
    if (!month.success) throw new NotFoundError('page');
    const s = await drawMonth(db, clock, month.data, admin);
    notifier.kick();
    return c.redirect(`/staff/lottery?drawn=${s.month}&won=${s.won}&lost=${s.lost}&overCap=${s.overCap}`, 303);
  });

  app.get('/staff/lottery/:month/export', requireLogin, async (c) => {
    staffOf(c);
    const { db } = c.get('deps');
    const month = validate(monthParamSchema, c.req.param('month'));
    if (!month.success) throw new NotFoundError('page');
    const data = await exportDraw(db, month.data);
    return c.body(JSON.stringify(data, null, 2), 200, {
      'content-type': 'application/json; charset=utf-8',
      'content-disposition': `attachment; filename="lottery-${month.data}.json"`,
    });
  });

  return app;
}
