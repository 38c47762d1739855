// Which subscriptions an announcement matches, and how that is said to a person.
import type { SubscriptionKind } from './types.js';

/** Most specific first: a chat subscribed to several matching things is told about the most specific one. */
export const KIND_RANK: Record<SubscriptionKind, number> = { entity: 0, keyword: 1, sector: 2, all: 3 };

const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

/** Lower-case, fold white space and typographic quotes: the form keywords are stored and compared in. */
export function normaliseKeyword(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/[\u201C\u201D"]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Does the text contain the keyword as a word (or as a substring, for Chinese and Japanese)? */
export function keywordMatches(keyword: string, normalisedText: string): boolean {
  if (!keyword) return false;
  if (CJK.test(keyword)) return normalisedText.includes(keyword);
  let from = 0;
  for (;;) {
    const at = normalisedText.indexOf(keyword, from);
    if (at < 0) return false;
    const before = normalisedText[at - 1];
    // Simple plurals count: "semiconductor" matches "semiconductors".
    const tail = normalisedText.slice(at + keyword.length, at + keyword.length + 3);
    if (!isWordChar(before) && /^(?:e?s)?(?![\p{L}\p{N}_])/u.test(tail)) return true;
    from = at + 1;
  }
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char);
}

/** A sector slug as words ("new-energy-vehicles" → "new energy vehicles"). */
export function sectorWords(slug: string): string {
  return slug.replace(/-/g, ' ');
}

/** Slug a sector name a person typed ("New energy vehicles" → "new-energy-vehicles"). */
export function sectorSlug(text: string): string {
  return normaliseKeyword(text).replace(/&/g, 'and').replace(/[^\p{L}\p{N}]+/gu, '-').replace(/^-+|-+$/g, '');
}

/** How a matched subscription is described in an alert. */
export function describeMatch(kind: SubscriptionKind, label: string): string {
  switch (kind) {
    case 'all':
      return 'all announcements';
    case 'entity':
      return label;
    case 'sector':
      return `sector ${label}`;
    case 'keyword':
      return `keyword "${label}"`;
  }
}

/** The command that removes a subscription, shown under each alert. */
export function unsubscribeCommand(kind: SubscriptionKind, value: string): string {
  switch (kind) {
    case 'all':
      return '/unsubscribe all';
    case 'entity':
      return `/unsubscribe org ${value}`;
    case 'sector':
      return `/unsubscribe sector ${value}`;
    case 'keyword':
      return `/unsubscribe keyword ${value}`;
  }
}
