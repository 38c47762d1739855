// What the reader understood of an ingested article: entities (new or known), people and posts, figures, the date used.
import type { KnowledgeBase } from '../core/index.js';
import { articleDate, readSource } from '../core/reader/index.js';
import { nameKey } from '../core/reader/derive.js';

export interface Understood {
  /** The date relative dates were resolved against, or undefined when the article gave none. */
  date?: string;
  entities: Array<{ id: string; name: string; type: string; status: 'new' | 'known'; aliases: string[] }>;
  posts: Array<{ person: string; title: string; organisation?: string; change?: string }>;
  figures: Array<{ text: string; type: string; value: number; unit?: string; currency?: string; date?: string }>;
  sentences: number;
}

/** Compare the knowledge base before and after an article was added, through the reader's reading of it. */
export function understood(before: KnowledgeBase | undefined, after: KnowledgeBase, sourceId: string): Understood {
  const source = after.sources.find((s) => s.id === sourceId);
  if (!source) return { entities: [], posts: [], figures: [], sentences: 0 };
  const reading = readSource(source, { knowledgeDir: after.dir });
  const aliasOwner = new Map<string, string>();
  for (const entity of after.entities) for (const alias of [entity.name, ...entity.aliases]) if (!aliasOwner.has(nameKey(alias))) aliasOwner.set(nameKey(alias), entity.id);
  const existed = new Set(before?.entities.map((e) => e.id) ?? []);
  const byId = new Map(after.entities.map((e) => [e.id, e]));
  const seen = new Set<string>();
  const entities: Understood['entities'] = [];
  for (const name of reading.names) {
    const id = aliasOwner.get(nameKey(name.text));
    const entity = id ? byId.get(id) : undefined;
    if (!entity || seen.has(entity.id)) continue;
    seen.add(entity.id);
    entities.push({ id: entity.id, name: entity.name, type: entity.type, status: existed.has(entity.id) ? 'known' : 'new', aliases: entity.aliases.filter((a) => a !== entity.name).slice(0, 3) });
  }
  const date = articleDate(source);
  return {
    ...(date ? { date } : {}),
    entities,
    posts: reading.posts.map((p) => ({ person: p.person, title: p.title, ...(p.organisation ? { organisation: p.organisation } : {}), ...(p.change ? { change: p.change } : {}) })),
    figures: reading.values
      .filter((v) => v.type !== 'year')
      .map((v) => ({ text: v.text, type: v.type, value: v.value, ...(v.unit ? { unit: v.unit } : {}), ...(v.currency ? { currency: v.currency } : {}), ...(v.date ? { date: v.date } : {}) })),
    sentences: reading.sentences.length,
  };
}

/** The report lines `npm run ingest` prints. */
export function understoodLines(u: Understood): string[] {
  const fresh = u.entities.filter((e) => e.status === 'new');
  const known = u.entities.filter((e) => e.status === 'known');
  const entity = (e: Understood['entities'][number]) => `${e.name} [${e.type}]${e.aliases.length ? ` (also ${e.aliases.join(', ')})` : ''}`;
  const figure = (f: Understood['figures'][number]) =>
    `${f.text} (${f.type}${f.currency ? ` ${f.currency}` : ''}${f.unit && f.type === 'count' ? ` of ${f.unit}` : ''}${f.date ? ` = ${f.date}` : ''})`;
  return [
    `Date used: ${u.date ?? 'none given (relative dates such as "on Monday" are left unresolved; pass --date or a date in the front matter)'}`,
    `Sentences read: ${u.sentences}`,
    `Entities found: ${u.entities.length} (${fresh.length} new, ${known.length} known)`,
    ...(fresh.length ? [`  new: ${fresh.map(entity).join('; ')}`] : []),
    ...(known.length ? [`  known: ${known.map(entity).join('; ')}`] : []),
    `People and posts: ${u.posts.length ? u.posts.map((p) => `${p.person}: ${p.title}${p.organisation ? `, ${p.organisation}` : ''}${p.change ? ` (${p.change})` : ''}`).join('; ') : 'none'}`,
    `Figures: ${u.figures.length ? u.figures.slice(0, 20).map(figure).join('; ') + (u.figures.length > 20 ? ` and ${u.figures.length - 20} more` : '') : 'none'}`,
  ];
}
