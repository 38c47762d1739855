// Alert messages for Discord, from plain fields: a pure builder the alerts dispatcher can send with any REST client.
import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import type { ReplyAction } from '../../../commands/types.js';
import { actionRows } from './components.js';
import { escapeText, link, type EmbedDraft } from './embeds.js';
import { COLORS, draftMessages, type DiscordMessage } from './render.js';

/** What an alert shows. Every text field is plain text: it is escaped here. */
export interface AlertFields {
  title: string;
  /** One line. */
  summary: string;
  url?: string;
  /** Names of the entities the announcement is about. */
  entities?: readonly string[];
  /** Which subscription matched, e.g. "organisation Cyberport". */
  matched?: string;
  /** How to stop these alerts, e.g. "/unsubscribe Cyberport". */
  unsubscribe?: string;
  publisher?: string;
  date?: string;
  actions?: readonly ReplyAction[];
}

/** Never ping anyone from a message (user text, knowledge text or an alert). */
export const NO_MENTIONS = { parse: [] as [], replied_user: false };

/** Build the alert as Discord messages (one in practice; more only if the fields are huge). */
export function buildAlertMessages(alert: AlertFields): DiscordMessage[] {
  const lines = [escapeText(alert.summary)];
  const meta = [alert.publisher && escapeText(alert.publisher), alert.date && escapeText(alert.date), alert.url && link('Read the announcement', alert.url)]
    .filter(Boolean)
    .join(' · ');
  if (meta) lines.push('', meta);
  const fields = [];
  if (alert.entities?.length) fields.push({ name: 'About', value: escapeText(alert.entities.join(', ')), inline: true });
  if (alert.matched) fields.push({ name: 'Why you got this', value: escapeText(alert.matched), inline: true });
  const draft: EmbedDraft = {
    color: COLORS.alert,
    title: `New: ${alert.title}`,
    ...(alert.url ? { url: alert.url } : {}),
    description: lines.join('\n'),
    fields,
    ...(alert.unsubscribe ? { footer: `To stop these alerts: ${alert.unsubscribe}` } : {}),
  };
  return draftMessages(draft, actionRows(alert.actions ?? []));
}

/** The REST body of a message (POST /channels/{id}/messages): embeds, buttons and no mentions. */
export function toMessageBody(message: DiscordMessage): RESTPostAPIChannelMessageJSONBody {
  return { embeds: message.embeds, components: message.components, allowed_mentions: NO_MENTIONS };
}
