// Counts of what the knowledge base holds, for `knowledge:check` and the `about` command.
import type { KnowledgeBase } from './schema.js';

export interface KnowledgeCounts {
  sources: number;
  entities: number;
  aliases: number;
  facts: number;
  factsByKind: Record<string, number>;
  entitiesByType: Record<string, number>;
  unreliablePassages: number;
  /** What the reader derived from the articles (the rest is curated). */
  derivedEntities: number;
  derivedFacts: number;
}

export function countKnowledge(kb: KnowledgeBase): KnowledgeCounts {
  const factsByKind: Record<string, number> = {};
  for (const fact of kb.facts) factsByKind[fact.kind] = (factsByKind[fact.kind] ?? 0) + 1;
  const entitiesByType: Record<string, number> = {};
  for (const entity of kb.entities) entitiesByType[entity.type] = (entitiesByType[entity.type] ?? 0) + 1;
  return {
    sources: kb.sources.length,
    entities: kb.entities.length,
    aliases: kb.entities.reduce((n, e) => n + e.aliases.length, 0),
    facts: kb.facts.length,
    factsByKind,
    entitiesByType,
    unreliablePassages: kb.sources.reduce((n, s) => n + s.unreliable.length, 0),
    derivedEntities: kb.entities.filter((e) => e.provenance === 'derived').length,
    derivedFacts: kb.facts.filter((f) => f.provenance === 'derived').length,
  };
}

export function summariseKnowledge(kb: KnowledgeBase): string {
  const c = countKnowledge(kb);
  const list = (record: Record<string, number>) =>
    Object.entries(record)
      .sort((a, b) => b[1] - a[1])
      .map(([k, n]) => `${k} ${n}`)
      .join(', ');
  return [
    `sources: ${c.sources}`,
    `entities: ${c.entities}: ${c.entities - c.derivedEntities} curated, ${c.derivedEntities} derived by the reader (${list(c.entitiesByType)})`,
    `aliases: ${c.aliases}`,
    `facts: ${c.facts}: ${c.facts - c.derivedFacts} curated, ${c.derivedFacts} derived by the reader (${list(c.factsByKind)})`,
    `unreliable passages: ${c.unreliablePassages}`,
    `glossary groups: ${kb.glossary.length}`,
  ].join('\n');
}
