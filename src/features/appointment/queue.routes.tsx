/**
 * The public boards of an office's day: the 混雑状況 page (people waiting and the estimated wait per
 * counter; refreshes itself every 30 s with the Refresh header, no script) and the call screen for the
 * waiting-room TV: large numbers of the last called tickets with their counter and desk, updated by a
 * small script over SSE (/offices/{id}/screen/events, fed by the change feed through queue.events.ts,
 * so a call on any app process reaches every screen) and, without JavaScript, by a meta refresh inside
 * <noscript>. The screen chimes and reads the number aloud only when the office's kiosk setting allows
 * sound (queue.board.service.ts soundSetting). Neither shows anything about a person.
 */
import { type Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { faviconAsset } from '../../http/assets.ts';
import type { AppEnv } from '../../http/env.ts';
import { toTokyo } from '../../lib/time.ts';
import { renderPage } from '../../ui/layout.tsx';
import { parseId } from '../facility/facility.schema.ts';
import { type OfficeBoard, officeBoard, type ScreenBoard, screenBoard } from './queue.board.service.ts';
import type { QueueEvents } from './queue.events.ts';
import { SCREEN_SCRIPT, SCREEN_STYLE } from './queue.screen-assets.ts';

/** How often a screen without JavaScript reloads, and the status page always. */
export const SCREEN_REFRESH_SECONDS = 10;
export const STATUS_REFRESH_SECONDS = 30;
const HEARTBEAT_MS = 15_000;

function StatusTable(props: { board: OfficeBoard; c: Context<AppEnv> }) {
  const t = props.c.get('t');
  const en = props.c.get('lang') === 'en';
  return (
    <table class="table">
      <caption class="visually-hidden">{t('queueStatusTitle', { office: props.board.officeName })}</caption>
      <thead>
        <tr>
          <th scope="col">{t('queueCounter')}</th>
          <th scope="col">{t('queueWaiting')}</th>
          <th scope="col">{t('queueEstimate')}</th>
        </tr>
      </thead>
      <tbody>
        {props.board.counters.map((counter) => (
          <tr>
            <th scope="row">
              {en ? counter.nameEn : counter.name}
              {(en ? counter.placeEn : counter.place) ? ` (${en ? counter.placeEn : counter.place})` : ''}
            </th>
            <td>{t('queueWaitingCount', { count: counter.waiting })}</td>
            <td>
              {counter.estimatedWaitMinutes === null
                ? t('queueClosed')
                : t('queueEstimateMinutes', { minutes: counter.estimatedWaitMinutes })}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function screenDocument(c: Context<AppEnv>, board: ScreenBoard): string {
  const t = c.get('t');
  const lang = c.get('lang');
  const en = lang === 'en';
  const title = t('queueScreenTitle', { office: board.officeName });
  const where = (n: ScreenBoard['called'][number]) =>
    `${en ? n.counterEn : n.counter}${(en ? n.placeEn : n.place) ? ` ${en ? n.placeEn : n.place}` : ''}${
      n.desk === null ? '' : ` ${t('queueScreenDesk', { desk: n.desk })}`
    }`;
  const page = (
    <html lang={lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <noscript>
          <meta http-equiv="refresh" content={String(SCREEN_REFRESH_SECONDS)} />
        </noscript>
        <link rel="icon" href={faviconAsset().href} type="image/svg+xml" />
        <link rel="stylesheet" href="/assets/queue-screen.css" />
        <script src="/assets/queue-screen.js" defer></script>
      </head>
      <body class="queue-screen">
        <main
          id="queue-screen"
          data-events={`/offices/${board.officeId}/screen/events`}
          data-lang={lang}
          data-sound={board.sound ? '1' : '0'}
          data-desk={t('queueScreenDesk', { desk: '{desk}' })}
          data-none={t('queueScreenNone')}
        >
          <h1>{title}</h1>
          <table class="queue-screen__table" aria-live="polite">
            <caption>{t('queueScreenLive')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('queueScreenNumber')}</th>
                <th scope="col">{t('queueScreenWhere')}</th>
              </tr>
            </thead>
            <tbody>
              {board.called.map((n) => (
                <tr data-called-at={n.calledAt}>
                  <td class="queue-screen__number">{String(n.number)}</td>
                  <td>{where(n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p class="queue-screen__none" hidden={board.called.length > 0}>
            {t('queueScreenNone')}
          </p>
        </main>
      </body>
    </html>
  );
  return `<!DOCTYPE html>${page.toString()}`;
}

export function queueRoutes(events: QueueEvents) {
  const app = new Hono<AppEnv>();

  app.get('/assets/queue-screen.js', (c) =>
    c.body(SCREEN_SCRIPT, 200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );
  app.get('/assets/queue-screen.css', (c) =>
    c.body(SCREEN_STYLE, 200, { 'content-type': 'text/css; charset=utf-8', 'cache-control': 'public, max-age=300' }),
  );

  app.get('/offices/:id/queue', async (c) => {
    const { db, clock } = c.get('deps');
    const t = c.get('t');
    const board = await officeBoard(db, clock, parseId(c.req.param('id'), 'organisation'));
    // The Refresh header is what <meta http-equiv="refresh"> stands for; the layout's head stays shared.
    c.header('refresh', String(STATUS_REFRESH_SECONDS));
    return renderPage(c, {
      title: t('queueStatusTitle', { office: board.officeName }),
      children: (
        <>
          <h1>{t('queueStatusTitle', { office: board.officeName })}</h1>
          <p>{t('queueStatusLead')}</p>
          <p>{t('queueUpdatedAt', { time: toTokyo(new Date(board.updatedAt)).time })}</p>
          {board.counters.length === 0 ? <p>{t('queueNoCounters')}</p> : <StatusTable board={board} c={c} />}
        </>
      ),
    });
  });

  app.get('/offices/:id/screen', async (c) => {
    const { db, clock } = c.get('deps');
    const board = await screenBoard(db, clock, parseId(c.req.param('id'), 'organisation'));
    return c.html(screenDocument(c, board));
  });

  app.get('/offices/:id/screen/events', async (c) => {
    const { db, clock, logger } = c.get('deps');
    const officeId = parseId(c.req.param('id'), 'organisation');
    await screenBoard(db, clock, officeId); // 404 before the stream opens
    return streamSSE(c, async (stream) => {
      let last = '';
      let running = false;
      let again = false;
      let seq = 0;
      // One read at a time; changes arriving meanwhile make one more read, not one each.
      const refresh = async (): Promise<void> => {
        if (running) {
          again = true;
          return;
        }
        running = true;
        try {
          do {
            again = false;
            const data = JSON.stringify(await screenBoard(db, clock, officeId));
            if (data !== last && !stream.aborted) {
              last = data;
              seq += 1;
              await stream.writeSSE({ event: 'board', data, id: String(seq) });
            }
          } while (again && !stream.aborted);
        } catch (error) {
          logger.error('queue screen refresh failed', error);
        } finally {
          running = false;
        }
      };
      const unsubscribe = events.subscribe(officeId, () => void refresh());
      stream.onAbort(unsubscribe);
      await stream.write(`retry: 2000\n\n`);
      await refresh();
      while (!stream.aborted) {
        await stream.sleep(HEARTBEAT_MS);
        if (!stream.aborted) await stream.write(': keep-alive\n\n');
      }
      unsubscribe();
    });
  });

  return app;
}
