// Finds the entities a text names: exact aliases, Chinese names, misspellings and weak name parts.
import type { Entity, KnowledgeBase } from './knowledge/schema.js';
import type { EntityRef } from './types.js';
import { allowedEdits, editDistance } from './text/fuzzy.js';
import { hasCjk, normalise, words } from './text/tokenize.js';
import { STOP_WORDS, QUESTION_WORDS } from './text/stop-words.js';

export interface EntityMention {
  id: string;
  /** The words of the text that named it. */
  text: string;
  /** Word positions [start, end) in the text's words (-1 for Chinese substring matches). */
  start: number;
  end: number;
  how: 'exact' | 'cjk' | 'fuzzy' | 'weak' | 'descriptor';
}

export interface EntityMatcher {
  /** Entities named in a text; `exactOnly` skips misspellings and name parts (for indexing). */
  find(text: string, options?: { exactOnly?: boolean }): EntityMention[];
  /** Words of the text covered by mentions, by position. */
  get(id: string): Entity | undefined;
  ref(id: string): EntityRef | undefined;
  resolve(name: string): Entity | undefined;
  /** Alias keys (lower-case words joined by a space) of every entity, for completion. */
  names(): Array<{ key: string; alias: string; id: string }>;
  /** True when a raw word of the corpus or of an alias. */
  knows(word: string): boolean;
  /** True when a word of some entity's name or alias. */
  isNameWord(word: string): boolean;
  /** An entity's names and aliases as lower-case words joined by spaces (Chinese names as they are). */
  aliasKeys(id: string): string[];
}

const key = (text: string) => words(text).join(' ');

/** Words that make up many names ("Control Lab", "Investor Network") and never stand for one entity alone. */
const GENERIC_NAME_WORDS = new Set(
  `lab labs laboratory centre center centres group park parks office bank association university universities school
  department company companies limited ltd technology technologies tech institute exchange network base conference
  index platform programme program plan policy address bureau council corporation fund investor investors services
  systems control management science engineering business international global national digital smart city new
  first hong kong china chinese mainland government development research innovation industry industrial
  board chairman chief executive officer director directors member members head team president secretary`
    .split(/\s+/)
    .filter(Boolean),
);

/** Build the matcher from the knowledge base; `vocabulary` holds every raw word of the corpus. */
/** Every word the articles write in lower case ("park", "lab"): such a word never stands for an entity on its own. */
export function lowerCaseWords(sources: KnowledgeBase['sources'], into: Set<string> = new Set()): Set<string> {
  for (const source of sources) {
    for (const m of source.body.matchAll(/[\p{L}\p{N}]+/gu)) {
      const w = m[0];
      if (w[0] === w[0]!.toLowerCase()) into.add(w);
    }
  }
  return into;
}

export function createEntityMatcher(kb: KnowledgeBase, vocabulary: ReadonlySet<string>, lowerWords: ReadonlySet<string> = lowerCaseWords(kb.sources)): EntityMatcher {
  const byId = new Map(kb.entities.map((e) => [e.id, e]));
  const exact = new Map<string, string>();
  const cjk: Array<[string, string]> = [];
  const all: Array<{ key: string; alias: string; id: string }> = [];
  let longest = 1;
  for (const entity of kb.entities) {
    for (const alias of [entity.name, ...entity.aliases]) {
      if (hasCjk(alias)) {
        cjk.push([normalise(alias), entity.id]);
        all.push({ key: normalise(alias), alias, id: entity.id });
        continue;
      }
      const k = key(alias.replace(/^the\s+/i, ''));
      if (!k) continue;
      if (!exact.has(k)) exact.set(k, entity.id);
      all.push({ key: k, alias, id: entity.id });
      longest = Math.max(longest, k.split(' ').length);
    }
  }
  cjk.sort((a, b) => b[0].length - a[0].length);
  const keysById = new Map<string, string[]>();
  for (const a of all) {
    if (!keysById.has(a.id)) keysById.set(a.id, []);
    keysById.get(a.id)!.push(a.key);
  }
  const prefixes = new Set<string>();
  for (const k of exact.keys()) {
    const parts = k.split(' ');
    for (let n = 1; n <= parts.length; n++) prefixes.add(parts.slice(0, n).join(' '));
  }
  const weak = buildWeakAliases(kb, exact, lowerWords);
  const aliasWords = new Set(all.flatMap((a) => a.key.split(' ')));
  // Aliases without spaces, bucketed by length, for comparing misspellings with names of about the same length.
  const fuzzyByLength = new Map<number, Array<{ target: string; id: string }>>();
  for (const a of all) {
    const target = a.key.replace(/ /g, '');
    if (hasCjk(a.key) || target.length < 5) continue;
    if (!fuzzyByLength.has(target.length)) fuzzyByLength.set(target.length, []);
    fuzzyByLength.get(target.length)!.push({ target, id: a.id });
  }

  function find(text: string, options: { exactOnly?: boolean } = {}): EntityMention[] {
    const mentions: EntityMention[] = [];
    const normalised = normalise(text);
    if (hasCjk(normalised)) {
      let rest = normalised;
      for (const [alias, id] of cjk) {
        if (rest.includes(alias)) {
          mentions.push({ id, text: alias, start: -1, end: -1, how: 'cjk' });
          rest = rest.split(alias).join(' ');
        }
      }
    }
    // A short form in brackets inside a name ("Innovation and Technology (I&T) Development Blueprint") is skipped.
    const ws = words(text.replace(/\s*\([A-Z][A-Za-z&\d]{0,9}\)\s*(?=[A-Z])/g, ' ')).filter((w) => !hasCjk(w));
    const used = new Array<boolean>(ws.length).fill(false);
    // Longest alias starting at each word: extend while the words so far begin some alias.
    for (let i = 0; i < ws.length; i++) {
      let phrase = '';
      let match: { id: string; n: number; text: string } | undefined;
      for (let n = 1; n <= longest && i + n <= ws.length; n++) {
        phrase = n === 1 ? ws[i]! : `${phrase} ${ws[i + n - 1]!}`;
        if (!prefixes.has(phrase)) break;
        const id = exact.get(phrase);
        if (id) match = { id, n, text: phrase };
      }
      if (match) {
        mentions.push({ id: match.id, text: match.text, start: i, end: i + match.n, how: 'exact' });
        for (let j = i; j < i + match.n; j++) used[j] = true;
        i += match.n - 1;
      }
    }
    if (options.exactOnly) return dedupe(mentions);
    // Misspellings: runs of unknown words compared with aliases of about the same length.
    for (let i = 0; i < ws.length; i++) {
      if (used[i]) continue;
      const word = ws[i]!;
      if (vocabulary.has(word) || aliasWords.has(word) || STOP_WORDS.has(word) || QUESTION_WORDS.has(word) || /^\d/.test(word)) continue;
      const match = bestFuzzy(ws, used, i, mentions);
      if (match) {
        // "grwo hong kong" is "Grow Hong Kong", not the place: a misspelt name takes in the known name it ends with.
        for (let m = mentions.length - 1; m >= 0; m--) if (mentions[m]!.start >= match.start && mentions[m]!.end <= match.end) mentions.splice(m, 1);
        mentions.push({ id: match.id, text: ws.slice(match.start, match.end).join(' '), start: match.start, end: match.end, how: 'fuzzy' });
        for (let j = match.start; j < match.end; j++) used[j] = true;
      }
    }
    for (let i = 0; i < ws.length; i++) {
      if (used[i]) continue;
      const id = weak.get(ws[i]!);
      if (id) mentions.push({ id, text: ws[i]!, start: i, end: i + 1, how: 'weak' });
    }
    return dedupe(mentions);
  }

  function bestFuzzy(ws: string[], used: boolean[], i: number, found: EntityMention[]) {
    let best: { id: string; start: number; end: number; distance: number } | undefined;
    // Words of a name found exactly may join a misspelt word only whole (all of "hong kong", never half of it).
    const within = (start: number, end: number) => {
      for (let j = start; j < end; j++) if (used[j] && !found.some((m) => m.start <= j && m.end > j && m.start >= start && m.end <= end)) return false;
      return true;
    };
    for (let start = Math.max(0, i - 2); start <= i; start++) {
      for (let end = i + 1; end <= Math.min(ws.length, start + 4); end++) {
        if (!within(start, end)) continue;
        const phrase = ws.slice(start, end).join(' ');
        const squashed = phrase.replace(/ /g, '');
        // One short word ("apply") is too close to too many names ("Apple"): single words need six letters.
        const max = end - start === 1 && squashed.length < 6 ? 0 : allowedEdits(squashed.length);
        if (max === 0) continue;
        // Taking in a known name: one edit at most, and into another name ("grwo hong kong"; not "hong kong sit").
        const swallows = found.filter((m) => m.start >= start && m.end <= end);
        for (let length = squashed.length - max; length <= squashed.length + max; length++) {
          for (const candidate of fuzzyByLength.get(length) ?? []) {
            const distance = editDistance(squashed, candidate.target, max);
            if (swallows.length && (distance > 1 || swallows.some((m) => m.id === candidate.id))) continue;
            if (distance <= max && (!best || distance < best.distance || (distance === best.distance && end - start > best.end - best.start))) {
              best = { id: candidate.id, start, end, distance };
            }
          }
        }
      }
    }
    return best;
  }

  function ref(id: string): EntityRef | undefined {
    const entity = byId.get(id);
    return entity ? { id: entity.id, name: entity.name, type: entity.type } : undefined;
  }

  function resolve(name: string): Entity | undefined {
    const trimmed = name.trim();
    if (!trimmed) return undefined;
    const direct = byId.get(trimmed.toLowerCase());
    if (direct) return direct;
    const whole = exact.get(key(trimmed.replace(/^the\s+/i, '')));
    if (whole) return byId.get(whole);
    const mentions = find(trimmed);
    const first = mentions[0];
    return first ? byId.get(first.id) : undefined;
  }

  return {
    find,
    get: (id) => byId.get(id),
    ref,
    resolve,
    names: () => all,
    knows: (word) => vocabulary.has(word) || aliasWords.has(word),
    isNameWord: (word) => aliasWords.has(word),
    aliasKeys: (id) => keysById.get(id) ?? [],
  };
}

/**
 * Single words of a name that only ever stand for that entity in the corpus ("Neta" for Neta Auto,
 * "Sherburne" for Matthew Sherburne): usable when nothing longer matched.
 */
function buildWeakAliases(kb: KnowledgeBase, exact: Map<string, string>, lowerUses: ReadonlySet<string>): Map<string, string> {
  const owners = new Map<string, Set<string>>();
  for (const entity of kb.entities) {
    for (const alias of [entity.name, ...entity.aliases]) {
      if (hasCjk(alias)) continue;
      for (const word of words(alias)) {
        if (word.length < 3 || STOP_WORDS.has(word) || QUESTION_WORDS.has(word) || /^\d+$/.test(word)) continue;
        if (!owners.has(word)) owners.set(word, new Set());
        owners.get(word)!.add(entity.id);
      }
    }
  }
  // How each word is written across the corpus: a weak alias must always be a proper noun ("Tsu says").
  const weak = new Map<string, string>();
  const nameOf = new Map(kb.entities.map((e) => [e.id, key(e.name)]));
  for (const [word, ids] of owners) {
    if (exact.has(word) || /[^a-z0-9-]/.test(word) || lowerUses.has(word) || GENERIC_NAME_WORDS.has(word) || word.length < 4) continue;
    // "Lingang" is in "Shanghai Lingang Group" and in "Cyberport-Shanghai Lingang Group industry acceleration plan":
    // it stands for the entity whose name the other names contain.
    const base = [...ids].find((id) => [...ids].every((other) => other === id || (nameOf.get(other) ?? '').includes(nameOf.get(id) ?? '\u0000')));
    if (ids.size === 1 || base) weak.set(word, base ?? [...ids][0]!);
  }
  return weak;
}

function dedupe(mentions: EntityMention[]): EntityMention[] {
  const seen = new Set<string>();
  return mentions.filter((m) => (seen.has(m.id) ? false : (seen.add(m.id), true)));
}
