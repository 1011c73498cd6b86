/**
 * The back office's desk pages, composed. Every route under /staff checks the staff role here first, and
 * every facility-bound action the scope (platform/authz/policy.ts) before doing anything.
 */
import { type Context, Hono } from 'hono';
import type { AppEnv } from '../../http/env.ts';
import { requireStaff } from '../../platform/authz/policy.ts';
import { requireLogin } from '../../platform/authz/require-login.ts';
import { deskRoutes } from './desk.routes.tsx';
import { documentRoutes } from './documents.routes.tsx';
import { proxyBookingRoutes } from './proxy-booking.routes.tsx';
import { reservationActionRoutes } from './reservation-actions.routes.tsx';
import { residentRoutes } from './residents.routes.tsx';

export function staffRoutes() {
  const app = new Hono<AppEnv>();

  // Every back-office page (these sub-apps' and the others' under /staff, mounted after this one in
  // app.tsx): logged in, then staff. Registered before any of them, so it runs first for each.
  const staffOnly = async (c: Context<AppEnv>, next: () => Promise<void>) => {
    requireStaff(c.get('user'));
    await next();
  };
  app.use('/staff/*', requireLogin, staffOnly);
  app.use('/staff', requireLogin, staffOnly);

  app.route('/', deskRoutes());
  app.route('/', proxyBookingRoutes());
  app.route('/', residentRoutes());
  app.route('/', reservationActionRoutes());
  app.route('/', documentRoutes());
  return app;
}
