// Discord's message limits and pure helpers that keep embeds inside them: escape, trim, split and pack.
import { escapeMarkdown, type APIEmbed, type APIEmbedField } from 'discord.js';

/** Discord's documented limits (characters unless said otherwise). */
export const DISCORD_LIMITS = {
  content: 2000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values and footer of all the embeds of one message together. */
  embedTotal: 6000,
  embedsPerMessage: 10,
  buttonsPerRow: 5,
  rows: 5,
  buttonLabel: 80,
  customId: 100,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/** An embed before it is fitted: the description may be any length and there may be any number of fields. */
export interface EmbedDraft {
  title?: string;
  url?: string;
  color?: number;
  description?: string;
  fields?: APIEmbedField[];
  footer?: string;
}

/** Escape Discord markdown (including headings, lists and masked links) in user or knowledge text. */
export function escapeText(text: string): string {
  return escapeMarkdown(text, { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
}

/** Cut to at most `max` characters with an ellipsis, never leaving half an escape sequence behind. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  const trailing = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (trailing % 2 === 1) cut = cut.slice(0, -1);
  return `${cut.trimEnd()}…`;
}

/** Split text into chunks of at most `max` characters, preferring paragraph, line, sentence and word boundaries. */
export function splitText(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text.trim();
  while (rest.length > max) {
    const window = rest.slice(0, max);
    const at = bestBreak(window, max);
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest) chunks.push(rest);
  return chunks;
}

function bestBreak(window: string, max: number): number {
  const floor = Math.floor(max / 2);
  for (const separator of ['\n\n', '\n', '. ', ' ']) {
    const index = window.lastIndexOf(separator);
    if (index >= floor) return index + separator.length;
  }
  // No boundary: a hard cut, but not inside an escape sequence or a surrogate pair.
  let at = max;
  const trailing = /\\+$/.exec(window)?.[0].length ?? 0;
  if (trailing % 2 === 1) at -= 1;
  const code = window.charCodeAt(at - 1);
  if (code >= 0xd800 && code <= 0xdbff) at -= 1;
  return at;
}

/** An http(s) URL safe to put in an embed or a markdown link, or undefined. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s<>]+$/i.test(url)) return undefined;
  return url.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

/** A markdown link when the URL is usable, else the escaped label. */
export function link(label: string, url: string | undefined): string {
  const safe = safeUrl(url);
  const text = escapeText(label).replace(/[[\]]/g, (c) => `\\${c}`);
  return safe ? `[${text}](${safe})` : text;
}

/** The characters of an embed that count toward the 6,000 limit. */
export function embedLength(embed: APIEmbed): number {
  let n = (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
  n += embed.author?.name.length ?? 0;
  for (const f of embed.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

function fitField(field: APIEmbedField): APIEmbedField {
  return {
    name: truncate(field.name.trim() || '\u200b', DISCORD_LIMITS.fieldName),
    value: truncate(field.value.trim() || '\u200b', DISCORD_LIMITS.fieldValue),
    ...(field.inline ? { inline: true } : {}),
  };
}

/** Turn a draft into embeds within every per-embed limit: long descriptions and many fields continue in more embeds. */
export function fitEmbeds(draft: EmbedDraft): APIEmbed[] {
  const title = draft.title ? truncate(draft.title, DISCORD_LIMITS.title) : undefined;
  // A footer short enough that title + a full description + footer stay under 6,000.
  const footer = draft.footer ? truncate(draft.footer, 1024) : undefined;
  const budget = DISCORD_LIMITS.embedTotal - (footer?.length ?? 0);
  const url = safeUrl(draft.url);
  const base = (): APIEmbed => (draft.color !== undefined ? { color: draft.color } : {});
  const embeds: APIEmbed[] = [];
  let current: APIEmbed = { ...base(), ...(title ? { title } : {}), ...(title && url ? { url } : {}) };
  const push = () => {
    embeds.push(current);
    current = base();
  };
  for (const chunk of splitText(draft.description ?? '', DISCORD_LIMITS.description)) {
    if (current.description) push();
    current.description = chunk;
  }
  for (const field of (draft.fields ?? []).map(fitField)) {
    const full = (current.fields?.length ?? 0) >= DISCORD_LIMITS.fields;
    if (full || embedLength(current) + field.name.length + field.value.length > budget) push();
    (current.fields ??= []).push(field);
  }
  if (!current.description && !current.fields?.length && !current.title && embeds.length > 0) {
    current = embeds.pop()!;
  }
  if (!current.description && !current.fields?.length && !current.title) current.description = '\u200b';
  if (footer) current.footer = { text: footer };
  embeds.push(current);
  return embeds;
}

/** Group embeds into messages: at most 10 embeds and 6,000 characters per message, order kept. */
export function packEmbeds(embeds: readonly APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const length = embedLength(embed);
    if (current.length > 0 && (current.length >= DISCORD_LIMITS.embedsPerMessage || size + length > DISCORD_LIMITS.embedTotal)) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += length;
  }
  if (current.length) messages.push(current);
  return messages;
}
