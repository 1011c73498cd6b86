/**
 * The words of an availability cell (○ 空き, × 予約あり, − and the reason), said the same way on the
 * month grid, the booking form, the desk's day and week and in the JSON API. A non-view module, so the
 * other features that show cells may import it (features never import each other's views).
 */
import type { Lang, MessageKey, Translate } from '../../lib/i18n.ts';
import { closureReasonLabels } from '../facility/facility.ts';
import type { Cell, CellReason } from './availability.ts';

const reasonKeys: Record<CellReason, MessageKey> = {
  year_end: 'reasonYearEnd',
  holiday: 'reasonHoliday',
  closed_day: 'reasonClosedDay',
  closure: 'reasonClosure',
  outside_hours: 'reasonOutsideHours',
  past: 'reasonPast',
  lottery: 'reasonLottery',
};

export function cellText(cell: Cell, t: Translate, lang: Lang): string {
  if (cell.state === 'free') return `○ ${t('stateFree')}`;
  if (cell.state === 'booked') return `× ${t('stateBooked')}`;
  const reason = cell.reason ? t(reasonKeys[cell.reason]) : t('stateClosed');
  const detail = cell.closure ? `（${closureReasonLabels[cell.closure.reason][lang]}）` : '';
  return `− ${reason}${detail}`;
}
