/** The back-office lottery page: months with their state, the draw button, the export, and the rules. */
import { monthTitle } from '../../../lib/format.ts';
import type { Lang, Translate } from '../../../lib/i18n.ts';
import { CsrfField, ErrorSummary, Notice, TextInput } from '../../../ui/components.tsx';
import type { LotteryRules, StaffMonthRow } from '../lottery.ts';

const RULE_ORDER: (keyof LotteryRules)[] = [
  'monthsAhead',
  'entryOpensDay',
  'entryClosesDay',
  'drawDay',
  'confirmByDay',
  'firstComeDay',
  'nonResidentDelayDays',
  'maxWishes',
  'maxWinsPerson',
  'maxWinsGroup',
];

export function LotteryStaffPage(props: {
  t: Translate;
  lang: Lang;
  csrf: string | undefined;
  admin: boolean;
  months: StaffMonthRow[];
  rules: LotteryRules;
  /** What the admin typed, shown again after a refusal. */
  submitted?: Record<string, string> | undefined;
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const { t, lang } = props;
  return (
    <>
      <h1>{t('lotteryStaffTitle')}</h1>
      {props.notice ? <Notice tone="success">{props.notice}</Notice> : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.error ? [{ field: 'monthsAhead', message: props.error }] : []} />
      <p>{t('lotteryStaffLead')}</p>
      <section class="scroll" aria-label={t('lotteryStaffTitle')} tabindex={0}>
        <table class="table">
          <caption class="visually-hidden">{t('lotteryStaffTitle')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('lotteryStaffMonth')}</th>
              <th scope="col">{t('lotteryStaffState')}</th>
              <th scope="col">{t('lotteryStaffEntries')}</th>
              <th scope="col">{t('lotterySeedHash')}</th>
            </tr>
          </thead>
          <tbody>
            {props.months.map(({ view, entries }) => (
              <tr>
                <th scope="row">{monthTitle(view.month, t, lang)}</th>
                <td>
                  {t(`lotteryPhase_${view.phase}`)}
                  {props.admin && view.phase === 'waiting_draw' ? (
                    <form method="post" action={`/staff/lottery/${view.month}/draw`}>
                      <CsrfField token={props.csrf} />
                      <button type="submit" class="button">
                        {t('lotteryStaffDraw', { month: monthTitle(view.month, t, lang) })}
                      </button>
                    </form>
                  ) : null}
                  {view.seed ? (
                    <p>
                      <a href={`/staff/lottery/${view.month}/export`}>
                        {t('lotteryStaffExport', { month: monthTitle(view.month, t, lang) })}
                      </a>
                    </p>
                  ) : null}
                </td>
                <td>{entries}</td>
                <td>
                  <code class="hash">{view.seedHash.slice(0, 16)}…</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      {props.admin ? (
        <>
          <h2>{t('lotteryStaffRules')}</h2>
          <p>{t('lotteryStaffRulesHint')}</p>
          <form method="post" action="/staff/lottery/rules" novalidate>
            <CsrfField token={props.csrf} />
            {RULE_ORDER.map((name) => (
              <TextInput
                name={name}
                inputmode="numeric"
                width="s"
                label={t(`lotteryRule_${name}`)}
                value={props.submitted ? (props.submitted[name] ?? '') : String(props.rules[name])}
              />
            ))}
            <button type="submit" class="button button--secondary">
              {t('configSave')}
            </button>
          </form>
        </>
      ) : null}
    </>
  );
}
