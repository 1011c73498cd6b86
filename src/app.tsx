/**
 * createApp builds the whole web application from injected dependencies, so tests run it against any
 * database and a frozen clock. Nothing here reads the environment.
 */
import { Hono } from 'hono';
import { compress } from 'hono/compress';
import { sql } from 'kysely';
import type { ChangeFeed } from './db/change-feed.ts';
import { accountApi } from './features/account/account.api.ts';
import { accountRoutes } from './features/account/account.routes.tsx';
import { accountDeletionRoutes } from './features/account/account-deletion.routes.tsx';
import { groupRoutes } from './features/account/group.routes.tsx';
import { householdRoutes } from './features/account/household.routes.tsx';
import { appointmentApi } from './features/appointment/appointment.api.ts';
import { appointmentChangeRoutes } from './features/appointment/appointment.change.routes.tsx';
import { appointmentManageRoutes } from './features/appointment/appointment.manage.routes.tsx';
import { appointmentRoutes } from './features/appointment/appointment.routes.tsx';
import { appointmentStaffApi } from './features/appointment/appointment.staff.api.ts';
import { appointmentStaffRoutes } from './features/appointment/appointment.staff.routes.tsx';
import { catalogueRoutes } from './features/appointment/catalogue.routes.tsx';
import { counterInsightsRoutes } from './features/appointment/counter-insights.routes.tsx';
import { queueApi } from './features/appointment/queue.api.ts';
import { createQueueEvents } from './features/appointment/queue.events.ts';
import { queueRoutes } from './features/appointment/queue.routes.tsx';
import { queueStaffRoutes } from './features/appointment/queue.staff.routes.tsx';
import { associationRoutes } from './features/association/association.routes.tsx';
import { availabilityApi } from './features/availability/availability.api.ts';
import { availabilityRoutes } from './features/availability/availability.routes.tsx';
import { bookingApi } from './features/booking/booking.api.ts';
import { bookingRoutes } from './features/booking/booking.routes.tsx';
import { facilityApi } from './features/facility/facility.api.ts';
import { facilityRoutes } from './features/facility/facility.routes.tsx';
import { insightsApi } from './features/insights/insights.api.ts';
import { insightsRoutes } from './features/insights/insights.routes.tsx';
import { openDataRoutes } from './features/insights/opendata.routes.tsx';
import { lotteryApi } from './features/lottery/lottery.api.ts';
import { lotteryRoutes } from './features/lottery/lottery.routes.tsx';
import { lotteryStaffRoutes } from './features/lottery/lottery.staff.routes.tsx';
import { organisationApi } from './features/organisation/organisation.api.ts';
import { organisationRoutes } from './features/organisation/organisation.routes.tsx';
import { organisationStaffRoutes } from './features/organisation/organisation.staff.routes.tsx';
import { searchApi } from './features/search/search.api.ts';
import { searchRoutes } from './features/search/search.routes.tsx';
import { configRoutes } from './features/staff/config.routes.tsx';
import { groupVerificationRoutes } from './features/staff/group-verification.routes.tsx';
import { householdStaffRoutes } from './features/staff/households.routes.tsx';
import { officeRoutes } from './features/staff/office.routes.tsx';
import { residentInvitationRoutes } from './features/staff/resident-invitations.routes.tsx';
import { staffApi } from './features/staff/staff.api.ts';
import { staffRoutes } from './features/staff/staff.routes.tsx';
import { staffRolesRoutes } from './features/staff/staff-roles.routes.tsx';
import { assetRoutes } from './http/assets.ts';
import { devComponentsRoutes } from './http/dev-components.tsx';
import { devOutboxRoutes } from './http/dev-outbox.tsx';
import type { AppDeps, AppEnv } from './http/env.ts';
import { handleError, MAX_BODY_BYTES, methodNotAllowedResponse, notFoundResponse, payloadTooLargeResponse } from './http/errors.tsx';
import { language } from './http/language.ts';
import { allowedMethodsOf, answerOptions } from './http/methods.ts';
import { createAuthLimiter } from './http/rate-limit.ts';
import { securityHeaders } from './http/security-headers.ts';
import { csrfToken, originCheck, sessionMiddleware } from './http/session.ts';
import { createBackgroundTasks } from './lib/background.ts';
import { installMessages } from './lib/i18n.ts';
import { messages } from './messages.ts';
import { openApiDocument } from './openapi.ts';
import { globalBodyLimit } from './platform/files/file-routes.ts';
import type { ChannelAdapter } from './platform/notify/channel.ts';
import { createEmailAdapter } from './platform/notify/email-adapter.ts';
import { inboxRoutes, unreadCount } from './platform/notify/inbox.routes.tsx';
import { lineRoutes } from './platform/notify/line/line.routes.tsx';
import { createLineAdapter } from './platform/notify/line/line-adapter.ts';
import { lineWebhookRoutes } from './platform/notify/line/line-webhook.ts';
import { outboxRoutes } from './platform/notify/outbox.routes.tsx';
import { notifyPreferenceRoutes } from './platform/notify/preferences.routes.tsx';
import { printListRoutes } from './platform/notify/print-list.routes.tsx';
import { createNotifyWorker } from './platform/notify/worker.ts';
import { createReadCache } from './platform/read-model/read-cache.ts';

export type AppOptions = Omit<AppDeps, 'notifier' | 'authLimiter' | 'background' | 'readCache'> &
  Partial<Pick<AppDeps, 'notifier' | 'authLimiter' | 'background'>> & {
    /** Another LINE channel than the one config.line makes (a test's); without either, LINE deliveries fall back. */
    line?: ChannelAdapter | undefined;
    /** The database's change feed (DatabaseHandle.changes): what keeps the read model right. */
    changes: ChangeFeed;
  };

export function createApp(options: AppOptions) {
  // The features' texts reach t() through here: lib and http cannot import them (src/messages.ts).
  installMessages(messages);
  const { line, changes, ...rest } = options;
  const deps: AppDeps = {
    ...rest,
    notifier:
      options.notifier ??
      createNotifyWorker({
        db: options.db,
        clock: options.clock,
        logger: options.logger,
        settings: options.config.notify,
        adapters: {
          email: options.config.smtpUrl
            ? createEmailAdapter({ smtpUrl: options.config.smtpUrl, from: options.config.mailFrom })
            : undefined,
          line:
            line ?? (options.config.line ? createLineAdapter(options.config.line, { db: options.db, clock: options.clock }) : undefined),
        },
      }),
    authLimiter: options.authLimiter ?? createAuthLimiter(options.db, options.clock),
    background: options.background ?? createBackgroundTasks(options.logger),
    readCache: createReadCache(changes),
  };
  const app = new Hono<AppEnv>();
  const openApi = JSON.stringify(openApiDocument());
  let demoLoaded = false;
  let demoCheckedAt = 0;
  const allowedMethods = allowedMethodsOf(() => app.routes);

  app.use(async (c, next) => {
    c.set('deps', deps);
    // Cached once true; while false re-checked at most once a minute, so a seed after start is noticed
    // without a query on every request of a real (non-demo) city.
    if (!demoLoaded && deps.clock.now().getTime() - demoCheckedAt > 60_000) {
      const row = await deps.db.selectFrom('facilities').select('id').where('is_demo', '=', 1).limit(1).executeTakeFirst();
      demoLoaded = row !== undefined;
      demoCheckedAt = deps.clock.now().getTime();
    }
    c.set('demo', demoLoaded);
    await next();
  });
  app.use(language());
  app.use(securityHeaders());
  app.use(answerOptions(allowedMethods));
  app.use(compress());
  // Upload routes declare a larger limit of their own (platform/files uploadBodyLimit); every other stays here.
  app.use(globalBodyLimit(MAX_BODY_BYTES, payloadTooLargeResponse));
  app.use(sessionMiddleware());
  app.use(originCheck());
  app.use(csrfToken());
  app.use(unreadCount);

  app.get('/healthz', async (c) => {
    try {
      await sql`select 1`.execute(deps.db);
      // Which app process answered (WORKERS): a process id says nothing about the data or the people.
      return c.json({ status: 'ok', database: deps.dialect, pid: process.pid });
    } catch (error) {
      deps.logger.error('health check failed', error);
      return c.json({ status: 'unavailable' }, 503);
    }
  });
  app.get('/api/v1/openapi.json', (c) => c.body(openApi, 200, { 'content-type': 'application/json; charset=utf-8' }));

  app.route('/', assetRoutes());
  app.route('/', facilityRoutes());
  app.route('/', availabilityRoutes());
  app.route('/', searchRoutes());
  app.route('/', accountRoutes());
  app.route('/', groupRoutes());
  app.route('/', householdRoutes());
  app.route('/', accountDeletionRoutes());
  app.route('/', bookingRoutes());
  app.route('/', appointmentRoutes()); // before the manage routes: /appointments/details is no 予約番号
  app.route('/', appointmentManageRoutes());
  app.route('/', lotteryRoutes());
  app.route('/', openDataRoutes());
  app.route('/', staffRoutes());
  app.route('/', configRoutes());
  app.route('/', staffRolesRoutes());
  app.route('/', officeRoutes());
  app.route('/', groupVerificationRoutes());
  app.route('/', residentInvitationRoutes());
  app.route('/', householdStaffRoutes());
  app.route('/', lotteryStaffRoutes());
  app.route('/', insightsRoutes());
  app.route('/', counterInsightsRoutes());
  app.route('/', catalogueRoutes());
  app.route('/', queueStaffRoutes());
  app.route('/', appointmentStaffRoutes());
  app.route('/', appointmentChangeRoutes());
  app.route('/', organisationRoutes());
  app.route('/', associationRoutes());
  app.route('/', organisationStaffRoutes());
  app.route('/', queueRoutes(createQueueEvents(changes)));
  app.route('/', notifyPreferenceRoutes()); // before /inbox/:id, which would take /inbox/settings
  app.route('/', inboxRoutes());
  app.route('/', printListRoutes());
  app.route('/', outboxRoutes());
  if (deps.config.devOutbox && !deps.notifier.delivering) app.route('/', devOutboxRoutes());
  if (deps.config.devComponents) app.route('/', devComponentsRoutes());
  app.route('/', lineRoutes());
  app.route('/', lineWebhookRoutes());
  app.route('/api/v1', facilityApi());
  app.route('/api/v1', availabilityApi());
  app.route('/api/v1', searchApi());
  app.route('/api/v1', accountApi());
  app.route('/api/v1', bookingApi());
  app.route('/api/v1', lotteryApi());
  app.route('/api/v1', staffApi());
  app.route('/api/v1', insightsApi());
  app.route('/api/v1', organisationApi());
  app.route('/api/v1', queueApi());
  app.route('/api/v1', appointmentApi());
  app.route('/api/v1', appointmentStaffApi());

  // No route took the request: a path that other methods have is a wrong method (405), else not found.
  app.notFound((c) => {
    const allow = allowedMethods(c.req.path);
    return allow.length > 0 ? methodNotAllowedResponse(c, allow.join(', ')) : notFoundResponse(c);
  });
  app.onError(handleError);
  return app;
}
