/**
 * An association's page: the public part (校区, ward, 班, member households counted), and for its
 * officers the officers with their terms and the member households of the 班 they look after.
 */
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { roleLabel } from '../../../platform/organisation/organisation.ts';
import { Notice } from '../../../ui/components.tsx';
import type { AssociationPage } from '../association.service.ts';

function OfficerPart(props: { t: Translate; lang: Lang; page: AssociationPage }) {
  const { t, lang, page } = props;
  const officer = page.officer;
  if (!officer) return null;
  return (
    <section aria-labelledby="officer-part">
      <h2 id="officer-part">{t('assocOfficerSection')}</h2>
      {officer.view.managesJoining ? (
        <p>
          <a class="button" href={`/associations/${page.id}/manage`}>
            {t('assocManageLink')}
          </a>
        </p>
      ) : null}
      <h3>{t('assocOfficers')}</h3>
      {officer.officers.length === 0 ? (
        <p>{t('assocNoOfficers')}</p>
      ) : (
        <ul>
          {officer.officers.map((o) => (
            <li>
              {roleLabel(o.role, lang)}：{o.name}（{t('assocTerm')} {o.termStartsOn ?? t('assocTermOpen')} 〜{' '}
              {o.termEndsOn ?? t('assocTermOpen')}）{o.current ? '' : t('assocPastOfficer')}
            </li>
          ))}
        </ul>
      )}
      <h3>{t('assocMembers')}</h3>
      {officer.households.map((group) => (
        <section aria-labelledby={`han-${group.hanId || 'none'}`}>
          <h4 id={`han-${group.hanId || 'none'}`}>
            {group.hanName ?? t('assocNoHanGroup')}（{t('assocHouseholds', { count: group.households.length })}）
          </h4>
          {group.households.length === 0 ? (
            <p>{t('assocNoHouseholds')}</p>
          ) : (
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('assocAddress')}</th>
                  <th scope="col">{t('assocPeople')}</th>
                </tr>
              </thead>
              <tbody>
                {group.households.map((h) => (
                  <tr>
                    <td>{h.addressLine}</td>
                    <td>{h.people.map((p) => `${p.name}${p.phone ? `（${p.phone}）` : ''}`).join('、')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      ))}
    </section>
  );
}

export function AssociationPageView(props: { t: Translate; lang: Lang; page: AssociationPage }) {
  const { t, page } = props;
  return (
    <>
      <h1>{page.name}</h1>
      <dl class="summary-list">
        <div>
          <dt>{t('assocWard')}</dt>
          <dd>{page.wardName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('assocDistrict')}</dt>
          <dd>{page.districtName ?? '—'}</dd>
        </div>
        <div>
          <dt>{t('assocHouseholdCount')}</dt>
          <dd>{t('assocHouseholds', { count: page.householdCount })}</dd>
        </div>
      </dl>
      <h2>{t('assocHanList')}</h2>
      {page.han.length === 0 ? (
        <p>{t('assocNoHan')}</p>
      ) : (
        <ul>
          {page.han.map((h) => (
            <li>{h.name}</li>
          ))}
        </ul>
      )}
      <p>
        <a href="/associations/join">{t('assocJoinLink')}</a>
      </p>
      {page.officer ? <OfficerPart {...props} /> : <Notice tone="info">{t('assocPrivacy')}</Notice>}
    </>
  );
}
