/**
 * The lottery rules (city settings, and the rules each month keeps) live in platform/lottery-calendar,
 * where availability and booking read them too; re-exported here for the lottery's own files.
 */
export {
  loadLotteryRules,
  rulesForMonth,
  rulesForMonths,
  saveLotteryRules,
  storedRules,
} from '../../platform/lottery-calendar/lottery-rules.ts';
