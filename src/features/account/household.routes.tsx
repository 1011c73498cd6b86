/**
 * The resident's household pages (/account/household): see it; or give an address, be offered the paper
 * household that matches (address and フリガナ or phone; only its address and head count shown) and join
 * it, or register a new one; add a person without an account, leave, move out. Rules and permissions:
 * platform/household. Every form works without JavaScript and re-renders with an error summary (422).
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, orFieldErrors, parseForm } from '../../http/forms.ts';
import type { FieldError } from '../../lib/errors.ts';
import type { MessageKey } from '../../lib/i18n.ts';
import type { User } from '../../platform/authz/actor.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import {
  createOwnHousehold,
  findMatches,
  hanChoices,
  householdOfUser,
  joinHousehold,
  resolvePlace,
  wardChoices,
} from '../../platform/household/household.service.ts';
import { addPerson, leaveHousehold, moveOut } from '../../platform/household/household-actions.service.ts';
import { renderPage } from '../../ui/layout.tsx';
import { addressForm, householdForm, joinForm, moveOutForm, personForm } from './household.schema.ts';
import { HouseholdChoosePage, HouseholdPage, HouseholdStartPage } from './views/household-pages.tsx';

const notices: Record<string, MessageKey> = {
  created: 'noticeHouseholdCreated',
  joined: 'noticeHouseholdJoined',
  personAdded: 'noticeHouseholdPersonAdded',
  left: 'noticeHouseholdLeft',
  movedOut: 'noticeHouseholdMovedOut',
};

type Values = Record<string, string | undefined>;

function titled(c: Context<AppEnv>, errors: FieldError[]) {
  const t = c.get('t');
  return errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('householdTitle')}` : t('householdTitle');
}

/** The household page, or the first step when the person has none. */
async function householdHome(c: Context<AppEnv>, user: User, values: Values, errors: FieldError[], status: 200 | 422 = 200) {
  const { db } = c.get('deps');
  const t = c.get('t');
  const view = await householdOfUser(db, user.id);
  const notice = notices[c.req.query('notice') ?? ''];
  const crumbs = [{ href: '/account', label: t('accountTitle') }, { label: t('householdTitle') }];
  if (!view) {
    const wards = await wardChoices(db);
    return renderPage(
      c,
      { title: titled(c, errors), crumbs, children: <HouseholdStartPage t={t} wards={wards} values={values} errors={errors} /> },
      status,
    );
  }
  return renderPage(
    c,
    {
      title: titled(c, errors),
      crumbs,
      children: <HouseholdPage t={t} view={view} values={values} errors={errors} notice={notice ? t(notice) : undefined} />,
    },
    status,
  );
}

/** The second step: the matches for the address given, and the form for a new household. */
async function choosePage(c: Context<AppEnv>, user: User, values: Values, errors: FieldError[], status: 200 | 422) {
  const { db } = c.get('deps');
  const t = c.get('t');
  const address = { wardId: values.wardId ?? '', addressLine: values.addressLine ?? '' };
  const [place, matches, han] = await Promise.all([
    resolvePlace(db, { wardId: address.wardId }),
    findMatches(db, user, address),
    hanChoices(db, address.wardId),
  ]);
  return renderPage(
    c,
    {
      title: titled(c, errors),
      crumbs: [
        { href: '/account', label: t('accountTitle') },
        { href: '/account/household', label: t('householdTitle') },
      ],
      children: <HouseholdChoosePage t={t} matches={matches} han={han} wardName={place.wardName} values={values} errors={errors} />,
    },
    status,
  );
}

export function householdRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/account/household', requireLogin);
  app.use('/account/household/*', requireLogin);

  app.get('/account/household', async (c) => {
    const user = c.get('actor');
    return householdHome(c, user, {}, []);
  });

  app.post('/account/household/start', async (c) => {
    const user = c.get('actor');
    const form = await formOf(c);
    const parsed = parseForm(c, addressForm, form);
    if (!parsed.ok) return householdHome(c, user, form, parsed.errors, 422);
    const placed = await orFieldErrors(c, () => resolvePlace(c.get('deps').db, parsed.data));
    if (!placed.ok) return householdHome(c, user, form, placed.errors, 422);
    return choosePage(c, user, { ...form, ...parsed.data }, [], 200);
  });

  app.post('/account/household', async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const form = await formOf(c);
    const parsed = parseForm(c, householdForm, form);
    if (!parsed.ok)
      return parsed.errors.some((e) => e.field !== 'hanId')
        ? householdHome(c, user, form, parsed.errors, 422)
        : choosePage(c, user, form, parsed.errors, 422);
    const created = await orFieldErrors(c, () => createOwnHousehold(db, clock, user, parsed.data));
    if (!created.ok) return choosePage(c, user, form, created.errors, 422);
    return c.redirect('/account/household?notice=created', 303);
  });

  app.post('/account/household/join', async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const form = await formOf(c);
    const parsed = parseForm(c, joinForm, form);
    if (!parsed.ok) return householdHome(c, user, form, parsed.errors, 422);
    await joinHousehold(db, clock, user, parsed.data.householdId, parsed.data);
    return c.redirect('/account/household?notice=joined', 303);
  });

  app.post('/account/household/people', async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const form = await formOf(c);
    const parsed = parseForm(c, personForm, form);
    if (!parsed.ok) return householdHome(c, user, form, parsed.errors, 422);
    const mine = await householdOfUser(db, user.id);
    if (!mine) return c.redirect('/account/household', 303);
    // A person of the household adds someone without an account: a 利用者番号 is for staff and officers.
    const added = await orFieldErrors(c, () => addPerson(db, clock, user, mine.id, { ...parsed.data, userNumber: undefined }));
    if (!added.ok) return householdHome(c, user, form, added.errors, 422);
    return c.redirect('/account/household?notice=personAdded', 303);
  });

  app.post('/account/household/leave', async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    await leaveHousehold(db, clock, user);
    return c.redirect('/account/household?notice=left', 303);
  });

  app.post('/account/household/move-out', async (c) => {
    const user = c.get('actor');
    const { db, clock } = c.get('deps');
    const form = await formOf(c);
    const parsed = parseForm(c, moveOutForm, form);
    if (!parsed.ok) return householdHome(c, user, form, parsed.errors, 422);
    const mine = await householdOfUser(db, user.id);
    if (!mine) return c.redirect('/account/household', 303);
    const moved = await orFieldErrors(c, () => moveOut(db, clock, user, mine.id, parsed.data));
    if (!moved.ok) return householdHome(c, user, form, moved.errors, 422);
    return c.redirect('/account/household?notice=movedOut', 303);
  });

  return app;
}
