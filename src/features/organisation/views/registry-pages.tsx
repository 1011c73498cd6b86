/** Registry pages: the staff tree of a ward, one entry (children, officers, linked groups), the officer's link page. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import type { Officer } from '../../../platform/organisation/officers.service.ts';
import type { OrganisationDetail, TreeNode } from '../../../platform/organisation/organisation.service.ts';
import {
  ALLOWED_PARENTS,
  CORPORATE_KINDS,
  kindLabel,
  MEMBER_ROLES,
  ORGANISATION_KINDS,
  type Organisation,
  type OrganisationKind,
  roleLabel,
} from '../../../platform/organisation/organisation.ts';
import { CsrfField, ErrorSummary, Notice, Select, TextInput } from '../../../ui/components.tsx';

const errorOf = (errors: FieldError[], field: string) => errors.find((e) => e.field === field)?.message;

/** The kinds that may sit directly under an entry of this kind (or at the top, for null). */
export function childKinds(parent: OrganisationKind | null): OrganisationKind[] {
  return ORGANISATION_KINDS.filter((k) => ALLOWED_PARENTS[k].includes(parent));
}

function EntryForm(props: {
  t: Translate;
  lang: Lang;
  kinds: OrganisationKind[];
  parentId?: string | undefined;
  wards?: { id: string; name: string }[] | undefined;
  districts?: { id: string; name: string }[] | undefined;
  errors: FieldError[];
  csrf: string | undefined;
}) {
  const { t, lang, errors } = props;
  const corporate = props.kinds.some((k) => CORPORATE_KINDS.includes(k));
  return (
    <form method="post" action="/staff/organisations" novalidate>
      <CsrfField token={props.csrf} />
      {props.parentId ? <input type="hidden" name="parentId" value={props.parentId} /> : null}
      <Select
        name="kind"
        label={t('orgKind')}
        options={props.kinds.map((k) => ({ value: k, label: kindLabel(k, lang) }))}
        errorMessage={errorOf(errors, 'kind') ?? errorOf(errors, 'parentId')}
      />
      <TextInput name="name" label={t('orgName')} errorMessage={errorOf(errors, 'name')} width="l" />
      <TextInput
        name="nameKana"
        label={t('orgNameKana')}
        hint={t('orgNameKanaHint')}
        errorMessage={errorOf(errors, 'nameKana')}
        width="l"
      />
      {props.wards ? (
        <Select
          name="wardId"
          label={t('orgWard')}
          options={[{ value: '', label: t('orgNoWard') }, ...props.wards.map((w) => ({ value: w.id, label: w.name }))]}
          errorMessage={errorOf(errors, 'wardId')}
        />
      ) : null}
      {props.districts && props.districts.length > 0 ? (
        <Select
          name="schoolDistrictId"
          label={t('orgSchoolDistrict')}
          hint={t('orgSchoolDistrictHint')}
          options={[{ value: '', label: t('orgNoDistrict') }, ...props.districts.map((d) => ({ value: d.id, label: d.name }))]}
          errorMessage={errorOf(errors, 'schoolDistrictId')}
        />
      ) : null}
      {corporate ? (
        <TextInput
          name="corporateNumber"
          label={t('orgCorporateNumber')}
          hint={t('orgCorporateNumberHint')}
          errorMessage={errorOf(errors, 'corporateNumber')}
          inputmode="numeric"
        />
      ) : null}
      <TextInput name="code" label={t('orgCode')} hint={t('orgCodeHint')} errorMessage={errorOf(errors, 'code')} />
      <button type="submit" class="button">
        {t('orgAdd')}
      </button>
    </form>
  );
}

/** The depth-ordered nodes as nested lists (each entry's list holds those under it): no inline styles under the CSP. */
function TreeList(props: { t: Translate; lang: Lang; nodes: TreeNode[] }) {
  const { t, lang } = props;
  const items = (from: number, depth: number): { html: unknown[]; next: number } => {
    const html: unknown[] = [];
    let i = from;
    while (i < props.nodes.length) {
      const n = props.nodes[i] as TreeNode;
      if (n.depth < depth) break;
      const below = items(i + 1, depth + 1);
      html.push(
        <li>
          <a href={`/staff/organisations/${n.id}`}>{n.name}</a>{' '}
          <span class="meta">
            {kindLabel(n.kind, lang)}
            {n.childCount > 0 ? ` · ${t('orgChildCount', { count: n.childCount })}` : ''}
          </span>
          {below.html.length > 0 ? <ul>{below.html}</ul> : null}
        </li>,
      );
      i = below.next;
    }
    return { html, next: i };
  };
  return <ul class="tree">{items(0, 0).html}</ul>;
}

export function RegistryTreePage(props: {
  t: Translate;
  lang: Lang;
  wardId: string | undefined;
  wards: { id: string; name: string }[];
  /** Admins choose a ward; a ward officer sees their own. */
  mayChooseWard: boolean;
  nodes: TreeNode[];
  errors: FieldError[];
  csrf: string | undefined;
  notice?: string | undefined;
}) {
  const { t, lang } = props;
  return (
    <>
      <h1>{t('orgRegistryTitle')}</h1>
      <p>{t('orgRegistryLead')}</p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.mayChooseWard ? (
        <form method="get" action="/staff/organisations">
          <Select
            name="ward"
            label={t('orgWard')}
            value={props.wardId ?? ''}
            options={[{ value: '', label: t('orgWholeCity') }, ...props.wards.map((w) => ({ value: w.id, label: w.name }))]}
          />
          <button type="submit" class="button button--secondary">
            {t('orgShow')}
          </button>
        </form>
      ) : null}
      <p>
        <a href="/staff/districts/import">{t('districtImportTitle')}</a>
      </p>
      {props.nodes.length === 0 ? <p>{t('orgTreeEmpty')}</p> : null}
      <TreeList t={t} lang={lang} nodes={props.nodes} />
      <section aria-labelledby="add-top">
        <h2 id="add-top">{t('orgAddTop')}</h2>
        <EntryForm t={t} lang={lang} kinds={childKinds(null)} wards={props.wards} errors={props.errors} csrf={props.csrf} />
      </section>
    </>
  );
}

export function RegistryEntryPage(props: {
  t: Translate;
  lang: Lang;
  detail: OrganisationDetail;
  officers: Officer[];
  districts: { id: string; name: string }[];
  candidates: Organisation[] | undefined;
  q: string | undefined;
  errors: FieldError[];
  csrf: string | undefined;
  notice?: string | undefined;
}) {
  const { t, lang, detail, errors } = props;
  const o = detail.organisation;
  const kinds = childKinds(o.kind);
  return (
    <>
      <h1>{o.name}</h1>
      <p class="meta">
        {kindLabel(o.kind, lang)}
        {o.corporateNumber ? ` · ${t('orgCorporateNumber')} ${o.corporateNumber}` : ''}
        {o.code ? ` · ${t('orgCode')} ${o.code}` : ''}
      </p>
      {props.notice ? <Notice>{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={errors} />
      {detail.parents.length > 0 ? (
        <p>
          {t('orgParents')}: {detail.parents.map((p, i) => [i > 0 ? ' › ' : '', <a href={`/staff/organisations/${p.id}`}>{p.name}</a>])}
        </p>
      ) : null}

      <section aria-labelledby="children">
        <h2 id="children">{t('orgChildren')}</h2>
        {detail.children.length === 0 ? <p>{t('orgNoChildren')}</p> : null}
        <ul>
          {detail.children.map((c) => (
            <li>
              <a href={`/staff/organisations/${c.id}`}>{c.name}</a> <span class="meta">{kindLabel(c.kind, lang)}</span>
            </li>
          ))}
        </ul>
        {kinds.length > 0 ? (
          <>
            <h3>{t('orgAddChild')}</h3>
            <EntryForm
              t={t}
              lang={lang}
              kinds={kinds}
              parentId={o.id}
              districts={kinds.includes('community_council') ? props.districts : undefined}
              errors={errors}
              csrf={props.csrf}
            />
          </>
        ) : null}
      </section>

      <section aria-labelledby="officers">
        <h2 id="officers">{t('orgOfficers')}</h2>
        {props.officers.length === 0 ? <p>{t('orgNoOfficers')}</p> : null}
        {props.officers.length > 0 ? (
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('orgRole')}</th>
                <th scope="col">{t('orgPerson')}</th>
                <th scope="col">{t('orgTerm')}</th>
                <th scope="col">{t('orgEndTerm')}</th>
              </tr>
            </thead>
            <tbody>
              {props.officers.map((p) => (
                <tr>
                  <td>{roleLabel(p.role, lang)}</td>
                  <td>
                    {p.name}（{p.number}）
                  </td>
                  <td>
                    {p.termStartsOn ?? '—'} 〜 {p.termEndsOn ?? ''} {p.current ? '' : t('orgTermEnded')}
                  </td>
                  <td>
                    {p.current ? (
                      <form method="post" action={`/staff/organisations/${o.id}/officers/end`} novalidate>
                        <CsrfField token={props.csrf} />
                        <input type="hidden" name="userId" value={p.userId} />
                        <TextInput
                          name="endsOn"
                          id={`endsOn-${p.userId}`}
                          label={t('orgEndsOn')}
                          type="date"
                          inputmode="numeric"
                          width="s"
                        />
                        <button type="submit" class="button button--secondary">
                          {t('orgEndTerm')}
                          <span class="visually-hidden">: {p.name}</span>
                        </button>
                      </form>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
        <h3>{t('orgAppoint')}</h3>
        <form method="post" action={`/staff/organisations/${o.id}/officers`} novalidate>
          <CsrfField token={props.csrf} />
          <TextInput name="number" label={t('userNumber')} errorMessage={errorOf(errors, 'number')} inputmode="numeric" width="s" />
          <Select
            name="role"
            label={t('orgRole')}
            options={MEMBER_ROLES.filter((r) => r !== 'member' && r !== 'representative').map((r) => ({
              value: r,
              label: roleLabel(r, lang),
            }))}
            errorMessage={errorOf(errors, 'role')}
          />
          <TextInput
            name="termStartsOn"
            label={t('orgTermStarts')}
            type="date"
            inputmode="numeric"
            errorMessage={errorOf(errors, 'termStartsOn')}
            width="s"
          />
          <TextInput
            name="termEndsOn"
            label={t('orgTermEnds')}
            type="date"
            inputmode="numeric"
            errorMessage={errorOf(errors, 'termEndsOn')}
            width="s"
          />
          <button type="submit" class="button">
            {t('orgAppoint')}
          </button>
        </form>
      </section>

      <section aria-labelledby="rename">
        <h2 id="rename">{t('orgRename')}</h2>
        <form method="post" action={`/staff/organisations/${o.id}/rename`} novalidate>
          <CsrfField token={props.csrf} />
          <TextInput name="name" id="rename-name" label={t('orgName')} value={o.name} width="l" />
          <TextInput name="nameKana" id="rename-kana" label={t('orgNameKana')} value={o.nameKana ?? ''} width="l" />
          <button type="submit" class="button button--secondary">
            {t('orgRename')}
          </button>
        </form>
      </section>

      <section aria-labelledby="links">
        <h2 id="links">{t('orgLinked')}</h2>
        <p>{t('orgLinkedLead')}</p>
        {detail.linkedGroups.length === 0 ? <p>{t('orgNoLinked')}</p> : null}
        <ul>
          {detail.linkedGroups.map((g) => (
            <li>
              {g.name}
              <form method="post" action={`/staff/organisations/${o.id}/unlink`} novalidate>
                <CsrfField token={props.csrf} />
                <input type="hidden" name="groupId" value={g.id} />
                <button type="submit" class="button button--secondary">
                  {t('orgUnlink')}
                  <span class="visually-hidden">: {g.name}</span>
                </button>
              </form>
            </li>
          ))}
        </ul>
        <form method="get" action={`/staff/organisations/${o.id}#links`}>
          <TextInput name="q" label={t('orgFindGroup')} hint={t('orgFindGroupHint')} value={props.q} width="l" />
          <button type="submit" class="button button--secondary">
            {t('orgFind')}
          </button>
        </form>
        {props.candidates ? (
          props.candidates.length === 0 ? (
            <p role="status">{t('orgNoCandidates')}</p>
          ) : (
            <ul>
              {props.candidates.map((g) => (
                <li>
                  {g.name} {g.registryId ? <span class="meta">{t('orgAlreadyLinked')}</span> : null}
                  <form method="post" action={`/staff/organisations/${o.id}/link`} novalidate>
                    <CsrfField token={props.csrf} />
                    <input type="hidden" name="groupId" value={g.id} />
                    <button type="submit" class="button">
                      {t('orgLink')}
                      <span class="visually-hidden">: {g.name}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )
        ) : null}
      </section>
    </>
  );
}

export function OfficerLinkPage(props: {
  t: Translate;
  entry: Organisation;
  linked: Organisation[];
  groups: Organisation[];
  errors: FieldError[];
  done: boolean;
}) {
  const { t } = props;
  return (
    <>
      <h1>{t('orgLinkTitle', { name: props.entry.name })}</h1>
      <p>{t('orgLinkLead')}</p>
      {props.done ? <Notice>{t('orgLinkDone')}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.linked.length > 0 ? <p>{t('orgLinkedNow', { names: props.linked.map((g) => g.name).join('、') })}</p> : null}
      {props.groups.length === 0 ? <p>{t('orgLinkNoGroups')}</p> : null}
      {props.groups.length > 0 ? (
        <form method="post" action={`/organisations/${props.entry.id}/link`} novalidate>
          <Select
            name="groupId"
            label={t('orgLinkGroup')}
            options={props.groups.map((g) => ({ value: g.id, label: g.name }))}
            errorMessage={errorOf(props.errors, 'groupId') ?? errorOf(props.errors, 'registryId')}
          />
          <button type="submit" class="button">
            {t('orgLink')}
          </button>
        </form>
      ) : null}
    </>
  );
}
