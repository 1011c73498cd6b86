/** Row problems of an import as people read them: 「行 3: 区「小倉区」は登録されていません。」 (Row 3: … in English). */
import { isMessageKey, type Translate } from '../../lib/i18n.ts';
import type { RowIssue } from '../../platform/organisation/district-import.ts';

export function rowMessages(t: Translate, issues: readonly RowIssue[]): string[] {
  return issues.map((i) =>
    t('districtImportRow', { line: i.line, message: isMessageKey(i.key) ? t(i.key, i.params) : t('errInvalidValue') }),
  );
}
