/**
 * What other writers committed, for the read model's caches (platform/read-model): the catalogue changed,
 * or a room's month of cells did. The database's triggers write the events (migration 2026-12-05-20), so
 * every writer is seen, the command line and other app processes included.
 *
 * - SQLite: catchUp() reads the marks committed since the last look, one indexed read of a few
 *   microseconds; a reader calls it before it trusts its cache, so it is never behind a commit that
 *   happened before its request.
 * - PostgreSQL: a dedicated connection LISTENs; PostgreSQL pushes each event after its commit. A reader is
 *   behind another process's commit by the delivery time (measured by the bench). After this process's
 *   own commits (db/commit-watch.ts) the listener sends itself a barrier notification: PostgreSQL delivers
 *   notifications in commit order, so once the barrier is back every event of those commits has arrived.
 *   A reader waits for the barrier of the commits made before it started (settle(), about one round trip)
 *   and goes to the database only if it is not back within BARRIER_WAIT_MS. While the listening connection
 *   is down readers go to the database, so a lost connection means slower pages, never stale ones; on
 *   reconnecting everything cached is dropped.
 */
import type SQLite from 'better-sqlite3';
import pg from 'pg';
import type { YearMonth } from '../lib/time.ts';

export type Change =
  | { topic: 'catalogue' }
  | { topic: 'cells'; roomId: string; month: YearMonth }
  // Counter appointments (migration 2026-12-06-21): their catalogue, a counter's month of seats, an
  // office's queue of one day (what the call screens listen for).
  | { topic: 'appointment_catalogue' }
  | { topic: 'seats'; counterId: string; month: YearMonth }
  | { topic: 'queue'; officeId: string; date: string }
  | { topic: 'everything' };

export interface ChangeFeed {
  /** Calls `listener` with every change from now on; returns the unsubscribe. */
  subscribe(listener: (change: Change) => void): () => void;
  /**
   * Brings the listeners up to date with every commit so far and says whether they are: false while a
   * change could have been missed (a transaction of this connection is open on SQLite; PostgreSQL's
   * listener is reconnecting). A cache answers from memory only after true.
   */
  catchUp(): boolean;
  /**
   * catchUp(), waiting where that helps: on PostgreSQL, for the barrier of this process's commits made
   * before the call. Under the rush some commit of this process is always in flight, so catchUp() alone
   * would be false nearly all the time and every reader would go to the database.
   */
  settle(): boolean | Promise<boolean>;
  close(): Promise<void>;
}

export const CHANGES_CHANNEL = 'tsunagu_changes';
const CHANNEL_SQL = CHANGES_CHANNEL; // a fixed identifier, never user input

/**
 * 'catalogue', 'cells:room|2026-12', 'cells:*', 'appointment_catalogue', 'seats:counter|2026-12',
 * 'queue:office|2026-12-01' (SQLite's topic and key, or PostgreSQL's payload). Anything else is read as
 * "everything changed": dropping too much is slow, keeping too much would be wrong.
 */
export function parseChange(topic: string, key: string): Change {
  if (topic === 'catalogue') return { topic: 'catalogue' };
  if (topic === 'appointment_catalogue') return { topic: 'appointment_catalogue' };
  const bar = key.lastIndexOf('|');
  if (bar > 0) {
    const [id, rest] = [key.slice(0, bar), key.slice(bar + 1)];
    if (topic === 'cells') return { topic: 'cells', roomId: id, month: rest as YearMonth };
    if (topic === 'seats') return { topic: 'seats', counterId: id, month: rest as YearMonth };
    if (topic === 'queue') return { topic: 'queue', officeId: id, date: rest };
  }
  return { topic: 'everything' };
}

function listeners() {
  const all = new Set<(change: Change) => void>();
  return {
    add(listener: (change: Change) => void) {
      all.add(listener);
      return () => {
        all.delete(listener);
      };
    },
    emit(change: Change) {
      for (const listener of all) listener(change);
    },
    get size() {
      return all.size;
    },
  };
}

export function sqliteChangeFeed(sqlite: SQLite.Database): ChangeFeed {
  const subscribers = listeners();
  let lastSeq: number | undefined;
  let read: SQLite.Statement<[number], { topic: string; key: string; seq: number }> | undefined;
  const feed: ChangeFeed = {
    subscribe: (listener) => subscribers.add(listener),
    settle: () => feed.catchUp(),
    catchUp() {
      // Inside an open transaction this connection would read its own uncommitted marks, whose seq a
      // rollback hands out again: look only between transactions.
      if (sqlite.inTransaction) return false;
      if (!read) {
        try {
          read = sqlite.prepare('SELECT topic, key, seq FROM change_marks WHERE seq > ? ORDER BY seq');
        } catch {
          return false; // not migrated yet
        }
      }
      if (lastSeq === undefined) {
        const row = sqlite.prepare('SELECT coalesce(max(seq), 0) AS seq FROM change_marks').get() as { seq: number };
        lastSeq = row.seq;
        subscribers.emit({ topic: 'everything' });
        return true;
      }
      for (const row of read.all(lastSeq)) {
        subscribers.emit(parseChange(row.topic, row.key));
        lastSeq = row.seq;
      }
      return true;
    },
    close: async () => {},
  };
  return feed;
}

export const LISTENER_NAME = 'tsunagu change listener';

/** Reconnects after this long when the listening connection is lost. */
const RECONNECT_MS = 1000;

/**
 * A reader waits this long at most for its barrier, then reads the database. The barrier is one NOTIFY
 * round trip on an idle connection (well under a millisecond on loopback); a listener slower than this
 * is in trouble, and the database is the safe answer.
 */
const BARRIER_WAIT_MS = 100;

export interface PostgresChangeFeed extends ChangeFeed {
  /** This process committed a write: hold readers back until its events are in (the barrier). */
  committed(): void;
}

export function postgresChangeFeed(url: string, onError: (error: Error) => void): PostgresChangeFeed {
  const subscribers = listeners();
  let client: pg.Client | undefined;
  let live = false;
  let started = false;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  // Barriers: own commits counted, the count the last barrier sent covers, the count confirmed back.
  const barrierId = `barrier:${process.pid}:${Math.random().toString(36).slice(2)}:`;
  let commits = 0;
  let sentFor = 0;
  let confirmed = 0;
  let sending = false;
  // Readers waiting for the barrier that covers `target` commits.
  const waiters = new Set<{ target: number; done: (current: boolean) => void }>();

  function wake(all: boolean) {
    for (const waiter of waiters) if (all || waiter.target <= confirmed) waiter.done(all ? false : live);
  }

  function sendBarrier() {
    if (sending || !client || !live || sentFor >= commits) return;
    const which = client;
    const covers = commits;
    sending = true;
    sentFor = covers;
    which
      .query(`NOTIFY ${CHANNEL_SQL}, '${barrierId}${covers}'`)
      .catch(() => {}) // the connection's error handler deals with a lost connection
      .finally(() => {
        sending = false;
        sendBarrier();
      });
  }

  function lost(which: pg.Client, error?: Error) {
    if (client !== which) return;
    client = undefined;
    live = false;
    wake(true);
    subscribers.emit({ topic: 'everything' });
    if (error) onError(error);
    which.end().catch(() => {});
    if (!closed) retry = setTimeout(connect, RECONNECT_MS);
  }

  async function connect(): Promise<void> {
    retry = undefined;
    // Named, so an administrator (and a test) tells it from the pool's connections in pg_stat_activity.
    const next = new pg.Client({ connectionString: url, application_name: LISTENER_NAME });
    client = next;
    next.on('notification', (message) => {
      if (message.channel !== CHANGES_CHANNEL) return;
      const payload = message.payload ?? '';
      if (payload.startsWith('barrier:')) {
        if (payload.startsWith(barrierId)) {
          confirmed = Math.max(confirmed, Number(payload.slice(barrierId.length)));
          wake(false);
        }
        return;
      }
      const colon = payload.indexOf(':');
      subscribers.emit(colon < 0 ? parseChange(payload, '') : parseChange(payload.slice(0, colon), payload.slice(colon + 1)));
    });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    try {
      await next.connect();
      await next.query(`LISTEN ${CHANGES_CHANNEL}`);
      if (client !== next || closed) return;
      // Whatever was committed while nobody listened: start from nothing.
      subscribers.emit({ topic: 'everything' });
      confirmed = commits;
      sentFor = commits;
      live = true;
    } catch (error) {
      lost(next, error instanceof Error ? error : new Error(String(error)));
    }
  }

  return {
    subscribe(listener) {
      const unsubscribe = subscribers.add(listener);
      if (!started) {
        started = true;
        void connect();
      }
      return unsubscribe;
    },
    catchUp: () => live && confirmed >= commits,
    settle() {
      if (!live) return false;
      if (confirmed >= commits) return true;
      const target = commits;
      return new Promise<boolean>((resolve) => {
        const waiter = {
          target,
          done(current: boolean) {
            clearTimeout(timer);
            waiters.delete(waiter);
            resolve(current);
          },
        };
        const timer = setTimeout(() => waiter.done(false), BARRIER_WAIT_MS);
        waiters.add(waiter);
      });
    },
    committed() {
      commits += 1;
      sendBarrier();
    },
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      const current = client;
      client = undefined;
      live = false;
      wake(true);
      await current?.end().catch(() => {});
    },
  };
}
