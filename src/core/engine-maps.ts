// Lookups the engine derives from its documents and entities, built in full or extended by new documents.
import type { EntityMatcher } from './entities.js';
import type { KnowledgeBase } from './knowledge/schema.js';
import type { Doc } from './search-index.js';
import { termsOf, words } from './text/tokenize.js';

/** What follows from the documents (per entity, per source) and from the entities' relations. */
export interface DocMaps {
  docsByEntity: Map<string, Doc[]>;
  factCount: Map<string, number>;
  background: Set<string>;
  docsBySource: Map<string, Doc[]>;
  /** Per source: how much each entity is what its sentences are about (subject twice, named once). */
  subjectCount: Map<string, Map<string, number>>;
  sourceEntities: Map<string, Set<string>>;
  /** The other way round: per entity, the articles about it (found without going through every article). */
  articlesAbout: Map<string, string[]>;
  titleTerms: Map<string, Set<string>>;
  roleQuotes: Map<string, Set<string>>;
  roleHolders: Map<string, Set<string>>;
  neighbours: Map<string, Set<string>>;
  within: Map<string, Set<string>>;
}

export function emptyDocMaps(): DocMaps {
  return {
    docsByEntity: new Map(),
    factCount: new Map(),
    background: new Set(),
    docsBySource: new Map(),
    subjectCount: new Map(),
    sourceEntities: new Map(),
    articlesAbout: new Map(),
    titleTerms: new Map(),
    roleQuotes: new Map(),
    roleHolders: new Map(),
    neighbours: new Map(),
    within: new Map(),
  };
}

const push = <K, V>(map: Map<K, V[]>, key: K, value: V) => {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
};

/**
 * Add documents (and the sources they come from) to the maps. Relations are recomputed from all entities, which
 * is cheap; per-document maps only grow by the new documents, so adding an article costs what the article costs.
 */
export function extendDocMaps(maps: DocMaps, kb: KnowledgeBase, matcher: EntityMatcher, docs: Doc[], sources: KnowledgeBase['sources']): DocMaps {
  for (const doc of docs) {
    if (doc.type === 'passage') continue;
    for (const id of doc.entityIds) {
      push(maps.docsByEntity, id, doc);
      if (doc.type === 'fact') maps.factCount.set(id, (maps.factCount.get(id) ?? 0) + 1);
    }
  }
  maps.background = new Set(kb.entities.filter((e) => e.type === 'place' && (maps.factCount.get(e.id) ?? 0) >= 5).map((e) => e.id));
  relationMaps(maps, kb);
  const sourceIds = new Set(sources.map((s) => s.id));
  for (const doc of docs) {
    if (doc.fact?.kind === 'role') {
      // Only the organisation where the subject holds a post: "X, CEO of A, met B's chairman" is no post at B.
      for (const id of doc.fact.entities) {
        if (!maps.roleHolders.get(id)?.has(doc.fact.subject)) continue;
        if (!maps.roleQuotes.has(id)) maps.roleQuotes.set(id, new Set());
        maps.roleQuotes.get(id)!.add(doc.fact.quote);
      }
    }
    const id = doc.source.id;
    push(maps.docsBySource, id, doc);
    if (!maps.subjectCount.has(id)) maps.subjectCount.set(id, new Map());
    const counts = maps.subjectCount.get(id)!;
    for (const entity of doc.entityIds) counts.set(entity, (counts.get(entity) ?? 0) + (entity === doc.fact?.subject ? 2 : 1));
  }
  for (const source of kb.sources) {
    if (!sourceIds.has(source.id)) continue;
    // The entities an article is about: named in its title, or much of what its sentences are about.
    const main = new Set(matcher.find(source.title, { exactOnly: true }).map((m) => m.id).filter((id) => !maps.background.has(id)));
    const counts = [...(maps.subjectCount.get(source.id) ?? new Map<string, number>())].filter(([e, n]) => n >= 3 && !maps.background.has(e)).sort((a, b) => b[1] - a[1]);
    for (const [entity] of counts.slice(0, 3)) main.add(entity);
    for (const id of maps.sourceEntities.get(source.id) ?? []) maps.articlesAbout.set(id, (maps.articlesAbout.get(id) ?? []).filter((s) => s !== source.id));
    maps.sourceEntities.set(source.id, main);
    for (const id of main) push(maps.articlesAbout, id, source.id);
    maps.titleTerms.set(source.id, new Set([...words(`${source.title} ${source.publisher ?? ''}`).flatMap(termsOf), ...publisherInitials(source.publisher)]));
  }
  return maps;
}

/** Neighbours (runs, part of), role holders and places, from the entities' relations. */
function relationMaps(maps: DocMaps, kb: KnowledgeBase): void {
  const neighbours = new Map<string, Set<string>>();
  const link = (a: string, b: string) => {
    if (!neighbours.has(a)) neighbours.set(a, new Set());
    neighbours.get(a)!.add(b);
  };
  const roleHolders = new Map<string, Set<string>>();
  const within = new Map<string, Set<string>>();
  for (const entity of kb.entities) {
    const places = new Set<string>();
    for (const r of entity.relations) {
      if (!r.target) continue;
      if (['operated_by', 'part_of', 'parent'].includes(r.type) && !maps.background.has(r.target)) {
        link(entity.id, r.target);
        link(r.target, entity.id);
      }
      if (r.type === 'role') {
        if (!roleHolders.has(r.target)) roleHolders.set(r.target, new Set());
        roleHolders.get(r.target)!.add(entity.id);
      }
      if (r.type === 'located_in' || r.type === 'part_of') places.add(r.target);
    }
    // One step only, and not from the background places: everything in Hong Kong is not thereby "in the Greater Bay Area".
    if (places.size && !maps.background.has(entity.id)) within.set(entity.id, places);
  }
  maps.neighbours = neighbours;
  maps.roleHolders = roleHolders;
  maps.within = within;
}

/** "South China Morning Post" is "SCMP" in a question: the initials of a publisher's capitalised words. */
export function publisherInitials(publisher: string | undefined): string[] {
  if (!publisher) return [];
  return publisher
    .split(/[(),;]/)
    .map((part) => part.trim().split(/\s+/).filter((w) => /^\p{Lu}/u.test(w)))
    .filter((ws) => ws.length >= 2)
    .map((ws) => ws.map((w) => w[0]!.toLowerCase()).join(''));
}
