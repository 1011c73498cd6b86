/**
 * A person's message settings: the language their messages are written in (users.language) and the
 * channels they chose, for every kind at once ('*') and, where it matters, per topic. A topic is what a
 * person recognises ("予約と支払い"); it covers one or more kind groups (the part of a kind before the dot:
 * 'booking.confirmed' → 'booking'), each stored as its own notify_preferences row so notify() needs no
 * knowledge of topics. Modules that send a new kind of message add their topic here.
 */
import type { Db } from '../../db/database.ts';
import type { Lang, MessageKey } from '../../lib/i18n.ts';
import { type ChannelChoice, chooseChannels, setChannelChoice } from './notify.ts';

export interface NotifyTopic {
  key: string;
  /** The kind groups it covers; the first one's row is read back as the topic's choice. */
  kindGroups: readonly [string, ...string[]];
  label: MessageKey;
}

export const NOTIFY_TOPICS: readonly NotifyTopic[] = [
  { key: 'booking', kindGroups: ['booking', 'approval', 'payment'], label: 'notifyTopicBooking' },
  { key: 'lottery', kindGroups: ['lottery'], label: 'notifyTopicLottery' },
  { key: 'group', kindGroups: ['group'], label: 'notifyTopicGroup' },
];

export interface MessageSettings {
  language: Lang;
  has: { email: boolean; line: boolean };
  /** What every kind gets (defaults until chosen), after chooseChannels. */
  general: ChannelChoice;
  /** A topic's own choice, after chooseChannels; absent: it follows the general one. */
  topics: Record<string, ChannelChoice | undefined>;
}

const asChoice = (row: { email: number; line: number; paper: number }): ChannelChoice => ({
  email: row.email === 1,
  line: row.line === 1,
  paper: row.paper === 1,
});

export async function messageSettingsOf(db: Db, userId: string): Promise<MessageSettings> {
  const [person, link, rows] = await Promise.all([
    db.selectFrom('users').select(['email', 'language']).where('id', '=', userId).executeTakeFirstOrThrow(),
    db.selectFrom('line_links').select('user_id').where('user_id', '=', userId).executeTakeFirst(),
    db.selectFrom('notify_preferences').selectAll().where('user_id', '=', userId).execute(),
  ]);
  const has = { email: Boolean(person.email), line: Boolean(link) };
  const row = (kind: string) => rows.find((r) => r.kind === kind);
  const general = row('*');
  const topics: MessageSettings['topics'] = {};
  for (const topic of NOTIFY_TOPICS) {
    const own = row(topic.kindGroups[0]);
    topics[topic.key] = own ? chooseChannels(has, asChoice(own)) : undefined;
  }
  return {
    language: person.language === 'en' ? 'en' : 'ja',
    has,
    general: chooseChannels(has, general ? asChoice(general) : undefined),
    topics,
  };
}

export interface MessageSettingsChange {
  language: Lang;
  general: ChannelChoice;
  /** Per topic key: its own choice, or undefined to follow the general one. */
  topics: Record<string, ChannelChoice | undefined>;
}

/** Saves every part of the settings at once, in one transaction: a half-saved form is never kept. */
export async function saveMessageSettings(db: Db, userId: string, change: MessageSettingsChange, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ language: change.language }).where('id', '=', userId).execute();
    await setChannelChoice(trx, userId, '*', change.general, now);
    for (const topic of NOTIFY_TOPICS) {
      const own = change.topics[topic.key];
      if (own) for (const group of topic.kindGroups) await setChannelChoice(trx, userId, group, own, now);
      else
        await trx
          .deleteFrom('notify_preferences')
          .where('user_id', '=', userId)
          .where('kind', 'in', [...topic.kindGroups])
          .execute();
    }
  });
}
