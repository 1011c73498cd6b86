/**
 * The one list of scheduled jobs (platform/jobs). The server runs each on its timer; `npx tsunagu jobs
 * run` runs them all once, in this order (from cron, or by hand after a restore).
 */
import { appointmentReminderJob } from './features/appointment/appointment.reminder.job.ts';
import { overdueProvisionalJob } from './features/booking/booking.jobs.ts';
import { insightsJob } from './features/insights/insights.jobs.ts';
import { lotteryJob } from './features/lottery/lottery.jobs.ts';
import { authLimitsJob } from './http/rate-limit.ts';
import { fileRetentionJob } from './platform/files/file-store.ts';
import type { ScheduledJob } from './platform/jobs/jobs.ts';
import { lineCleanupJob } from './platform/notify/line/line-link.service.ts';

export const SCHEDULED_JOBS: readonly ScheduledJob[] = [
  overdueProvisionalJob,
  lotteryJob,
  authLimitsJob,
  insightsJob,
  fileRetentionJob,
  lineCleanupJob,
  appointmentReminderJob,
];
