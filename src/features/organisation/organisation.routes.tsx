/**
 * Public and residents' pages of the registry: the 校区 lookup (a GET form that works without JavaScript;
 * an empty or overlong address re-renders with an error summary, 422), and the page where an officer of a
 * registry association links the group they represent to it.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { formOf, parseForm } from '../../http/forms.ts';
import { validate } from '../../http/validation.ts';
import { type FieldError, InvalidInputError, NotFoundError, translateIssues } from '../../lib/errors.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { type LookupResult, lookupDistrict } from '../../platform/organisation/district-lookup.ts';
import { groupsRepresentedBy, linkGroup, organisationDetail } from '../../platform/organisation/organisation.service.ts';
import { renderPage } from '../../ui/layout.tsx';
import { lookupQuery, officerLinkForm } from './organisation.schema.ts';
import { DistrictPage } from './views/district-page.tsx';
import { OfficerLinkPage } from './views/registry-pages.tsx';

const ID = /^[A-Za-z0-9_-]{1,64}$/;

export function organisationRoutes() {
  const app = new Hono<AppEnv>();
  app.use('/organisations/:id/link', requireLogin);

  app.get('/districts', async (c) => {
    const { db, config } = c.get('deps');
    const t = c.get('t');
    const address = c.req.query('address');
    let errors: FieldError[] = [];
    let result: LookupResult | undefined;
    if (address !== undefined) {
      const parsed = validate(lookupQuery, { address });
      if (!parsed.success) errors = translateIssues(t, parsed.issues);
      else {
        try {
          result = await lookupDistrict(db, { name: config.city.name, prefecture: config.city.prefecture }, parsed.data.address);
        } catch (error) {
          if (!(error instanceof InvalidInputError)) throw error;
          errors = translateIssues(t, error.issues);
        }
      }
    }
    return renderPage(
      c,
      {
        title: errors.length > 0 ? `${t('errorSummaryTitle')}: ${t('districtHeading')}` : t('districtHeading'),
        description: t('districtLead'),
        crumbs: [{ href: '/', label: t('home') }, { label: t('districtHeading') }],
        children: <DistrictPage t={t} lang={c.get('lang')} address={address} errors={errors} result={result} />,
      },
      errors.length > 0 ? 422 : 200,
    );
  });

  const linkPage = async (c: Context<AppEnv>, id: string, errors: FieldError[], status: 200 | 403 | 422) => {
    const { db } = c.get('deps');
    const t = c.get('t');
    const user = c.get('user');
    const detail = await organisationDetail(db, id);
    if (!detail.organisation.official) throw new NotFoundError('organisation');
    const groups = user ? await groupsRepresentedBy(db, user.id) : [];
    return renderPage(
      c,
      {
        title: t('orgLinkTitle', { name: detail.organisation.name }),
        crumbs: [{ href: '/account', label: t('navAccount') }, { label: t('orgLinkTitle', { name: detail.organisation.name }) }],
        children: (
          <OfficerLinkPage
            t={t}
            entry={detail.organisation}
            linked={detail.linkedGroups}
            groups={groups}
            errors={errors}
            done={c.req.query('done') === '1'}
          />
        ),
      },
      status,
    );
  };

  app.get('/organisations/:id/link', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) throw new NotFoundError('organisation');
    return linkPage(c, id, [], 200);
  });

  app.post('/organisations/:id/link', async (c) => {
    const id = c.req.param('id');
    if (!ID.test(id)) throw new NotFoundError('organisation');
    const { db, clock } = c.get('deps');
    const parsed = parseForm(c, officerLinkForm, await formOf(c));
    if (!parsed.ok) return linkPage(c, id, parsed.errors, 422);
    try {
      await linkGroup(db, clock, c.get('actor'), { groupId: parsed.data.groupId, registryId: id });
    } catch (error) {
      if (!(error instanceof InvalidInputError)) throw error;
      return linkPage(c, id, translateIssues(c.get('t'), error.issues), 422);
    }
    return c.redirect(`/organisations/${id}/link?done=1`, 303);
  });

  return app;
}
