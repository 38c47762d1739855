// Dates as articles write them ("today", "on Monday", "last December", "May 25"), resolved against the article's date.
import type { LexiconSets } from './lexicon-sets.js';

const MONTH_INDEX: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

const pad = (n: number) => String(n).padStart(2, '0');

function monthOf(word: string): number | undefined {
  return MONTH_INDEX[word.toLowerCase().replace(/\.$/, '').slice(0, word.toLowerCase().startsWith('sept') ? 4 : 3)];
}

/** The article's date as a UTC day, when it is known to the day. */
function day(articleDate: string | undefined): Date | undefined {
  if (!articleDate || !/^\d{4}-\d{2}-\d{2}$/.test(articleDate)) return undefined;
  return new Date(`${articleDate}T00:00:00Z`);
}

/**
 * Resolve a date phrase. Returns the date as precisely as the phrase and the article allow (YYYY, YYYY-MM,
 * YYYY-MM-DD), and whether it was relative to the article's date.
 */
export function resolveDate(phrase: string, articleDate: string | undefined, lex: LexiconSets, options: { future?: boolean } = {}): { date: string; relative: boolean } | undefined {
  const text = phrase.toLowerCase().replace(/\s+/g, ' ').trim();
  const articleYear = articleDate ? Number(articleDate.slice(0, 4)) : undefined;
  const articleMonth = articleDate && articleDate.length >= 7 ? Number(articleDate.slice(5, 7)) : undefined;
  const today = day(articleDate);

  const explicitYear = /\b(19|20)\d{2}\b/.exec(text);
  // "19 June 2023", "May 25, 2022", "Dec. 28", "June 2023", "late October".
  const dm = /\b(\d{1,2})(?:st|nd|rd|th)? (jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\.?/.exec(text);
  const md = /\b(jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\.? (\d{1,2})(?:st|nd|rd|th)?\b(?!\d)/.exec(text);
  const monthOnly = /\b(jan\w*|feb\w*|mar\w*|apr\w*|may|jun\w*|jul\w*|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)\b/.exec(text);
  if (dm || md || monthOnly) {
    const month = monthOf((dm ? dm[2] : md ? md[1] : monthOnly![1])!);
    const date = dm ? Number(dm[1]) : md ? Number(md[2]) : undefined;
    if (!month || (date !== undefined && (date < 1 || date > 31))) return undefined;
    if (explicitYear) return { date: `${explicitYear[0]}-${pad(month)}${date ? `-${pad(date)}` : ''}`, relative: false };
    if (!articleYear) return undefined;
    // "last December" in a January article is the December before; a bare month after the article's month is last year's.
    let year = articleYear;
    // In a sentence about what will happen ("will take over on August 1"), a month is the coming one.
    if (/\blast\b/.test(text) || (!options.future && articleMonth !== undefined && month > articleMonth + 1 && !/\b(next|coming|this)\b/.test(text))) year -= 1;
    else if (options.future && articleMonth !== undefined && month < articleMonth && !/\b(this|last)\b/.test(text)) year += 1;
    if (/\bnext\b/.test(text)) year += articleMonth !== undefined && month <= articleMonth ? 1 : 0;
    return { date: `${year}-${pad(month)}${date ? `-${pad(date)}` : ''}`, relative: true };
  }
  if (explicitYear) return { date: explicitYear[0], relative: false };
  if (!articleYear) return undefined;
  if (/\b(last|past|previous) year\b/.test(text)) return { date: String(articleYear - 1), relative: true };
  if (/\bnext year\b/.test(text)) return { date: String(articleYear + 1), relative: true };
  if (/\b(this|the current) year\b/.test(text)) return { date: String(articleYear), relative: true };
  if (/\b(this|the current) month\b/.test(text) && articleMonth) return { date: `${articleYear}-${pad(articleMonth)}`, relative: true };
  if (/\blast month\b/.test(text) && articleMonth) {
    const m = articleMonth === 1 ? 12 : articleMonth - 1;
    return { date: `${articleMonth === 1 ? articleYear - 1 : articleYear}-${pad(m)}`, relative: true };
  }
  if (!today) return undefined;
  const shift = (days: number) => new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
  if (/\btoday\b|\bthis (morning|afternoon|evening)\b|\btonight\b/.test(text)) return { date: shift(0), relative: true };
  if (/\byesterday\b/.test(text)) return { date: shift(-1), relative: true };
  if (/\btomorrow\b/.test(text)) return { date: shift(1), relative: true };
  const weekday = WEEKDAYS.findIndex((d) => new RegExp(`\\b${d}\\b`).test(text));
  if (weekday >= 0 && lex.weekdays.has(WEEKDAYS[weekday]!)) {
    // News reports the past: "on Monday" is the last Monday up to the article's day ("next Monday" the coming one).
    const back = (today.getUTCDay() - weekday + 7) % 7;
    return { date: /\bnext\b/.test(text) ? shift(back === 0 ? 7 : 7 - back) : shift(-back), relative: true };
  }
  return undefined;
}
