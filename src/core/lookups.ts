// The lookups behind the commands: entity profiles, search, latest announcements, sources, name completion.
import { analyseQuestion } from './analyse.js';
import { citationOf, refOf, type Engine } from './engine.js';
import { searchTerms, type Doc } from './search-index.js';
import { hasCjk, normalise, terms as termsOfText, words } from './text/tokenize.js';
import { conceptWeights } from './rank.js';
import type { Source } from './knowledge/schema.js';
import type { AnnouncementView, EntityCompletion, EntityProfile, EntityRef, FactView, SearchHit, SearchResult, SourceSummary } from './types.js';

const KIND_ORDER = ['description', 'role', 'announcement', 'investment', 'jobs', 'capacity', 'location', 'programme', 'event', 'date', 'statistic'];

function factView(doc: Doc): FactView {
  const fact = doc.fact!;
  return { id: fact.id, kind: fact.kind, statement: fact.statement, ...(fact.date ? { date: fact.date } : {}), citation: citationOf(doc) };
}

export function profileOf(engine: Engine, name: string): EntityProfile | undefined {
  const entity = engine.matcher.resolve(name);
  if (!entity) return undefined;
  const docs = (engine.docsByEntity.get(entity.id) ?? []).filter((d) => d.type === 'fact');
  const facts = docs
    .slice()
    .sort((a, b) => (a.fact!.subject === entity.id ? 0 : 1) - (b.fact!.subject === entity.id ? 0 : 1) || KIND_ORDER.indexOf(a.fact!.kind) - KIND_ORDER.indexOf(b.fact!.kind))
    .map(factView);
  const relatedCount = new Map<string, number>();
  for (const doc of docs) for (const id of doc.entityIds) if (id !== entity.id) relatedCount.set(id, (relatedCount.get(id) ?? 0) + 1);
  const related = [...relatedCount.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([id]) => engine.matcher.ref(id))
    .filter((r): r is EntityRef => r !== undefined && !engine.background.has(r.id))
    .slice(0, 8);
  const relations: EntityProfile['relations'] = entity.relations.map((r) => {
    const target = r.target ? engine.matcher.ref(r.target) : undefined;
    const label = [r.value, target?.name].filter(Boolean).join(', ') || r.type;
    return { type: r.type, label: r.type === 'role' && target ? `${r.value ?? 'Role'}, ${target.name}` : label, ...(target ? { target } : {}) };
  });
  // Roles other people hold at this organisation.
  for (const other of engine.kb.entities) {
    for (const r of other.relations) {
      if (r.type === 'role' && r.target === entity.id) relations.push({ type: 'person', label: `${other.name}, ${r.value ?? 'role'}`, target: refOf(other) });
    }
  }
  const announcements = docs
    .filter((d) => d.fact!.kind === 'announcement')
    .sort((a, b) => b.source.date.localeCompare(a.source.date))
    .map(factView);
  return { entity: refOf(entity), description: entity.description, aliases: entity.aliases, sectors: entity.sectors, relations, facts, related, announcements };
}

export function searchPassages(engine: Engine, query: string, limit = 5): SearchResult {
  const analysis = analyseQuestion(engine, query);
  const weights = conceptWeights(analysis);
  // Entity names as index terms (stemmed, as the index holds them).
  for (const id of [...analysis.specific, ...analysis.background]) {
    const entity = engine.matcher.get(id);
    if (entity) for (const t of termsOfText(entity.name)) weights.set(t, Math.max(weights.get(t) ?? 0, 2));
  }
  const mentioned = new Set([...analysis.specific, ...analysis.background]);
  const hits = searchTerms(engine.index, weights, 200)
    .map((h) => ({ doc: engine.index.docs[h.id as number]!, score: h.score, terms: h.terms }))
    // Sentences of the articles: plain passages and the facts the reader made of them.
    .filter((h) => h.doc && (h.doc.type === 'passage' || (h.doc.fact?.provenance === 'derived' && h.doc.fact.quote === h.doc.fact.statement)))
    .map((h) => ({ ...h, score: h.score * (h.doc.entityIds.some((id) => mentioned.has(id)) ? 2 : 1) }))
    .sort((a, b) => b.score - a.score);
  const unique = hits.filter((h, i) => hits.findIndex((o) => o.doc.quote === h.doc.quote) === i);
  const out: SearchHit[] = unique.slice(0, limit).map((h) => ({
    kind: 'passage',
    score: Math.round(h.score * 100) / 100,
    snippet: snippet(h.doc.text, h.terms),
    citation: citationOf(h.doc),
    entities: h.doc.entityIds.map((id) => engine.matcher.ref(id)).filter((r): r is EntityRef => r !== undefined),
  }));
  return { query: analysis.question, total: unique.length, hits: out };
}


/** The sentence, cut to about 240 characters around the first matched word. */
function snippet(text: string, matched: string[]): string {
  if (text.length <= 240) return text;
  const lower = text.toLowerCase();
  const at = Math.max(0, Math.min(...matched.map((t) => lower.indexOf(t.slice(0, 5))).filter((i) => i >= 0), text.length));
  const start = Math.max(0, at - 80);
  const body = text.slice(start, start + 240);
  return `${start > 0 ? '…' : ''}${body}${start + 240 < text.length ? '…' : ''}`;
}

export function latestAnnouncements(engine: Engine, limit = 5, filter: { entity?: string } = {}): AnnouncementView[] {
  const entity = filter.entity ? engine.matcher.resolve(filter.entity) : undefined;
  if (filter.entity && !entity) return [];
  // Announcements a person curated; every other article is an announcement in its own right, led by its first sentence.
  const curated = engine.index.docs.filter((d) => d.type === 'fact' && d.fact!.kind === 'announcement' && d.fact!.provenance !== 'derived');
  const facts = curated
    .filter((d) => !entity || d.entityIds.includes(entity.id))
    .map((d) => ({ ...factView(d), subject: engine.matcher.ref(d.fact!.subject), sourceDate: d.source.date, order: d.id }));
  const withFacts = new Set(curated.map((d) => d.source.id));
  const articles = engine.kb.sources
    .filter((s) => !withFacts.has(s.id))
    .map((source, i) => articleAnnouncement(engine, source, i))
    .filter((view) => !entity || view.entities.includes(entity.id));
  return [...facts, ...articles]
    .sort((a, b) => b.sourceDate.localeCompare(a.sourceDate) || a.order - b.order)
    .slice(0, Math.max(1, limit))
    .map(({ order: _order, entities: _entities, ...view }: AnnouncementView & { order: number; entities?: string[] }) => view);
}

function articleAnnouncement(engine: Engine, source: Source, i: number): AnnouncementView & { order: number; entities: string[] } {
  const first = source.body.split(/\n+/).map((l) => l.trim()).find((l) => l.length > 40 && l !== source.title) ?? source.body.trim();
  const sentence = first.split(/(?<=[.!?])\s+/)[0] ?? first;
  const named = engine.matcher.find(`${source.title}. ${source.body.slice(0, 2_000)}`, { exactOnly: true }).map((m) => m.id);
  // What the article is mainly about leads, then everything it names.
  const entities = [...new Set([...(engine.sourceEntities.get(source.id) ?? []), ...named])].filter((id) => !engine.background.has(id));
  const subject = entities[0] ? engine.matcher.ref(entities[0]) : undefined;
  const citation = { source: source.id, title: source.title, quote: sentence, date: source.date, ...(source.url ? { url: source.url } : {}), ...(source.publisher ? { publisher: source.publisher } : {}) };
  return {
    id: `article-${source.id}`,
    kind: 'announcement',
    statement: `${source.title}: ${sentence}`.slice(0, 400),
    date: source.date,
    citation,
    ...(subject ? { subject } : {}),
    sourceDate: source.date,
    order: 1_000_000 + i,
    entities,
  };
}

export function listSources(engine: Engine): SourceSummary[] {
  const counts = new Map<string, number>();
  for (const f of engine.kb.facts) counts.set(f.source, (counts.get(f.source) ?? 0) + 1);
  return engine.kb.sources
    .slice()
    .sort((a, b) => b.date.localeCompare(a.date) || a.id.localeCompare(b.id))
    .map((s) => ({
      id: s.id,
      title: s.title,
      date: s.date,
      facts: counts.get(s.id) ?? 0,
      ...(s.publisher ? { publisher: s.publisher } : {}),
      ...(s.url ? { url: s.url } : {}),
      ...(s.date_note ? { dateNote: s.date_note } : {}),
    }));
}

export function completeNames(engine: Engine, prefix: string, limit = 25): EntityCompletion[] {
  const max = Math.min(25, Math.max(1, limit));
  const raw = prefix.trim();
  if (!raw) {
    return engine.kb.entities
      .slice()
      .sort((a, b) => (engine.factCount.get(b.id) ?? 0) - (engine.factCount.get(a.id) ?? 0) || a.name.localeCompare(b.name))
      .slice(0, max)
      .map((e) => ({ id: e.id, name: e.name, type: e.type }));
  }
  const needle = hasCjk(raw) ? normalise(raw) : words(raw).join(' ');
  const results = new Map<string, { completion: EntityCompletion; rank: number }>();
  for (const { key, alias, id } of engine.matcher.names()) {
    const entity = engine.matcher.get(id)!;
    // Exact name or alias first, then prefixes of the name, of an alias, word starts, substrings.
    let rank: number | undefined;
    if (key === needle) rank = 0;
    else if (key.startsWith(needle)) rank = alias === entity.name ? 1 : 2;
    else if (key.includes(` ${needle}`)) rank = 3;
    else if (needle.length >= 2 && key.includes(needle)) rank = 4;
    if (rank === undefined) continue;
    const previous = results.get(id);
    if (previous && previous.rank <= rank) continue;
    results.set(id, { completion: { id, name: entity.name, type: entity.type, ...(alias !== entity.name ? { matched: alias } : {}) }, rank });
  }
  if (results.size === 0) {
    const fuzzy = engine.matcher.resolve(raw);
    if (fuzzy) return [{ id: fuzzy.id, name: fuzzy.name, type: fuzzy.type }];
  }
  return [...results.values()]
    .sort((a, b) => a.rank - b.rank || (engine.factCount.get(b.completion.id) ?? 0) - (engine.factCount.get(a.completion.id) ?? 0) || a.completion.name.localeCompare(b.completion.name))
    .slice(0, max)
    .map((r) => r.completion);
}
