/**
 * 職員と権限: the admin page that creates staff accounts, lists everyone holding a role with where it
 * holds, grants a role to an existing account and revokes one. Plain forms, each with the session token.
 */
import type { FieldError } from '../../../lib/errors.ts';
import type { MessageKey, Translate } from '../../../lib/i18n.ts';
import type { Role } from '../../../platform/authz/actor.ts';
import { CsrfField, ErrorSummary, Notice, Radios, TextInput } from '../../../ui/components.tsx';
import type { StaffListing } from '../staff-roles.service.ts';

export const ROLE_LABEL: Record<Role, MessageKey> = {
  admin: 'staffRoleAdmin',
  ward_officer: 'staffRoleWard',
  centre_staff: 'staffRoleClerk',
  counter_clerk: 'staffRoleCounterClerk',
  department_staff: 'staffRoleDepartmentStaff',
  coordinator: 'staffRoleCoordinator',
  organisation_officer: 'staffRoleOrganisationOfficer',
};

/** Which form a re-rendered page's values and errors belong to. */
export type StaffRolesForm = 'create' | 'grant';

function roleOptions(t: Translate) {
  return (Object.keys(ROLE_LABEL) as Role[]).map((role) => ({ value: role, label: `${t(ROLE_LABEL[role])} — ${role}` }));
}

/** The role a re-rendered form had chosen, in today's spelling (clerk → centre_staff) so the radio shows it. */
const chosenRole = (value: string | undefined, fallback: Role): string =>
  value === 'clerk' ? 'centre_staff' : value === 'ward' ? 'ward_officer' : (value ?? fallback);

/**
 * The fields of the two forms, as the error summary links to them: the service names a scope by its kind
 * (facility, ward-office, ...), the page has one scope field per form; the grant form's ids are prefixed.
 */
const SCOPE_FIELDS = new Set(['scope', 'scopeId', 'facility', 'facilityId', 'ward', 'wardId', 'ward-office', 'department', 'organisation']);
export function fieldOnPage(form: StaffRolesForm, field: string): string {
  const own = SCOPE_FIELDS.has(field) ? 'scopeId' : field === 'user' ? 'who' : field;
  return form === 'grant' && own !== 'who' ? `grant-${own}` : own;
}

export function StaffRolesPage(props: {
  t: Translate;
  csrf: string | undefined;
  staff: StaffListing[];
  /** The admin looking: their own admin role has no revoke button (policy.ts refuses it). */
  viewerId: string;
  form?: StaffRolesForm | undefined;
  values: Record<string, string>;
  errors: FieldError[];
  notice?: string | undefined;
}) {
  const { t, errors } = props;
  const valuesOf = (form: StaffRolesForm) => (props.form === form ? props.values : {});
  // The route has put each error on the field of the page (fieldOnPage).
  const errOf = (form: StaffRolesForm) => (field: string) =>
    props.form === form ? errors.find((e) => e.field === field)?.message : undefined;
  const create = valuesOf('create');
  const grant = valuesOf('grant');
  const createErr = errOf('create');
  const grantErr = errOf('grant');
  return (
    <>
      <h1>{t('staffAccountsTitle')}</h1>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <p>{t('staffAccountsLead')}</p>
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />

      <h2>{t('staffListTitle')}</h2>
      {props.staff.length === 0 ? (
        <p>{t('staffListEmpty')}</p>
      ) : (
        <table class="table">
          <caption class="visually-hidden">{t('staffListTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('fieldName')}</th>
              <th scope="col">{t('staffRoleColumn')}</th>
              <th scope="col">{t('staffScopeColumn')}</th>
              <th scope="col">
                <span class="visually-hidden">{t('staffRevoke')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.staff.flatMap((person) =>
              person.assignments.map((a, i) => (
                <tr>
                  <td>{i === 0 ? `${person.name}（${person.email ?? person.number}）` : ''}</td>
                  <td>{t(ROLE_LABEL[a.role])}</td>
                  <td>{a.scope.id === null ? t('staffScopeCity') : `${a.scopeName ?? ''} (${a.scope.id})`}</td>
                  <td>
                    {a.role === 'admin' && person.id === props.viewerId ? null : (
                      <form method="post" action={`/staff/config/staff/assignments/${a.id}/revoke`} class="inline-form">
                        <CsrfField token={props.csrf} />
                        <button type="submit" class="button button--secondary">
                          {t('staffRevoke')}
                          <span class="visually-hidden">
                            {' '}
                            {person.name} {t(ROLE_LABEL[a.role])}
                          </span>
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      )}

      <h2>{t('staffGrantTitle')}</h2>
      <p>{t('staffGrantLead')}</p>
      <form method="post" action="/staff/config/staff/grant" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput name="who" label={t('staffGrantWho')} value={grant.who} errorMessage={grantErr('who')} required />
        <Radios
          name="role"
          id="grant-role"
          legend={t('staffRole')}
          value={chosenRole(grant.role, 'centre_staff')}
          errorMessage={grantErr('grant-role')}
          options={roleOptions(t)}
          required
        />
        <TextInput
          name="scopeId"
          id="grant-scopeId"
          label={t('staffScopeId')}
          hint={t('staffScopeIdHint')}
          value={grant.scopeId}
          errorMessage={grantErr('grant-scopeId')}
        />
        <button type="submit" class="button">
          {t('staffGrant')}
        </button>
      </form>

      <h2>{t('staffCreateTitle')}</h2>
      <form method="post" action="/staff/config/staff" novalidate>
        <CsrfField token={props.csrf} />
        <TextInput name="name" label={t('fieldName')} value={create.name} errorMessage={createErr('name')} required />
        <TextInput
          name="email"
          type="email"
          label={t('fieldEmail')}
          value={create.email}
          errorMessage={createErr('email')}
          width="l"
          required
        />
        <TextInput
          name="password"
          type="password"
          label={t('fieldPassword')}
          hint={t('fieldPasswordHint')}
          errorMessage={createErr('password')}
          autocomplete="new-password"
          required
        />
        <Radios
          name="role"
          legend={t('staffRole')}
          value={chosenRole(create.role, 'centre_staff')}
          errorMessage={createErr('role')}
          options={roleOptions(t)}
          required
        />
        <TextInput
          name="scopeId"
          label={t('staffScopeId')}
          hint={t('staffScopeIdHint')}
          value={create.scopeId ?? create.facilityId ?? create.wardId}
          errorMessage={createErr('scopeId')}
        />
        <button type="submit" class="button">
          {t('staffCreate')}
        </button>
      </form>
    </>
  );
}
