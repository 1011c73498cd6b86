/**
 * Japanese public holidays (国民の祝日, including 振替休日 and 国民の休日) from @holiday-jp/holiday_jp, a
 * maintained data package. We read its table by date string rather than calling isHoliday(Date), which
 * formats with the process's local time zone and would shift days on a UTC server.
 */
import holidayJp from '@holiday-jp/holiday_jp';
import type { LocalDate } from './time.ts';

export interface Holiday {
  date: LocalDate;
  name: string;
  nameEn: string;
}

const table = holidayJp.holidays as Record<string, { name: string; name_en: string } | undefined>;

export function holidayOn(date: LocalDate): Holiday | undefined {
  const h = table[date];
  return h ? { date, name: h.name, nameEn: h.name_en } : undefined;
}
