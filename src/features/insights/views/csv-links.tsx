/** The links to one table's CSV file, in UTF-8 and in Shift_JIS (Excel in city offices). */
import type { Translate } from '../../../lib/i18n.ts';

export function CsvLinks(props: { t: Translate; href: string; title: string }) {
  return (
    <p>
      {props.t('insightsCsv')}:{' '}
      <a href={props.href}>
        UTF-8<span class="visually-hidden"> {props.title}</span>
      </a>{' '}
      ·{' '}
      <a href={`${props.href}&encoding=sjis`}>
        Shift_JIS<span class="visually-hidden"> {props.title}</span>
      </a>
    </p>
  );
}
