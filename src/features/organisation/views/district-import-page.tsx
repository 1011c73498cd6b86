/** Upload of the 校区 table (admins): the file, "check only", and every row problem or what was changed. */
import type { FieldError } from '../../../lib/errors.ts';
import type { Translate } from '../../../lib/i18n.ts';
import type { ImportCounts } from '../../../platform/organisation/district-import.ts';
import { CsrfField, ErrorSummary, FileInput, Notice } from '../../../ui/components.tsx';

export function DistrictImportPage(props: {
  t: Translate;
  csrf: string | undefined;
  errors: FieldError[];
  rowErrors: string[];
  done: (ImportCounts & { dryRun: boolean }) | undefined;
}) {
  const { t, done } = props;
  const fileError = props.errors.find((e) => e.field === 'file')?.message;
  return (
    <>
      <h1>{t('districtImportTitle')}</h1>
      <p>{t('districtImportLead')}</p>
      <pre class="example">{'区,校区,校区よみ,町丁目,郵便番号\n小倉北区,中央小学校区,ちゅうおうしょうがっこうく,中央一丁目,802-0001'}</pre>
      {done ? (
        <Notice>
          {done.dryRun ? t('districtImportChecked') : t('districtImportDone')}{' '}
          {t('districtImportCounts', {
            districtsAdded: done.districtsAdded,
            districtsUpdated: done.districtsUpdated,
            areasAdded: done.areasAdded,
            areasUpdated: done.areasUpdated,
            unchanged: done.unchanged,
          })}
        </Notice>
      ) : null}
      <ErrorSummary title={t('errorSummaryTitle')} errors={props.errors} />
      {props.rowErrors.length > 0 ? (
        <section aria-labelledby="row-errors">
          <h2 id="row-errors">{t('districtImportRowErrors', { count: props.rowErrors.length })}</h2>
          <ul>
            {props.rowErrors.map((m) => (
              <li>{m}</li>
            ))}
          </ul>
        </section>
      ) : null}
      <form method="post" action="/staff/districts/import" enctype="multipart/form-data" novalidate>
        <CsrfField token={props.csrf} />
        <FileInput
          name="file"
          label={t('districtImportFile')}
          hint={t('districtImportFileHint')}
          errorMessage={fileError}
          accept=".csv,.xlsx,text/csv"
        />
        <div class="checkbox">
          <input type="checkbox" id="dryRun" name="dryRun" value="1" />
          <label for="dryRun">{t('districtImportDryRun')}</label>
        </div>
        <button type="submit" class="button">
          {t('districtImportSubmit')}
        </button>
      </form>
    </>
  );
}
