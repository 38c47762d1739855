import { describe, expect, it } from 'vitest';
import { loadKnowledge } from '../../src/core/index.js';

const kb = loadKnowledge('knowledge');

/** Figures as written (240,000; 6.9; 2028), folded to digits. */
function figures(text: string): string[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0].replace(/,(?=\d{3})/g, '').replace(/,$/, ''));
}

describe('coverage of the articles', () => {
  it('states every figure of every article in a fact, or marks it unreliable', () => {
    const stated = new Set<string>();
    for (const fact of kb.facts) {
      for (const f of figures(`${fact.statement} ${fact.date ?? ''}`)) stated.add(f);
      for (const v of fact.values) stated.add(String(v.value));
    }
    const missing: string[] = [];
    for (const source of kb.sources) {
      const unreliable = source.unreliable.map((u) => u.text).join(' ');
      for (const figure of figures(source.body)) {
        if (stated.has(figure) || figures(unreliable).includes(figure)) continue;
        missing.push(`${source.id}: ${figure}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('gives every person a fact and every person with a role a role fact', () => {
    const people = kb.entities.filter((e) => e.type === 'person');
    const withFacts = new Set(kb.facts.flatMap((f) => [f.subject, ...f.entities]));
    expect(people.filter((p) => !withFacts.has(p.id)).map((p) => p.id)).toEqual([]);
    const roleSubjects = new Set(kb.facts.filter((f) => f.kind === 'role').flatMap((f) => [f.subject, ...f.entities]));
    const withRoles = people.filter((p) => p.relations.some((r) => r.type === 'role'));
    expect(withRoles.filter((p) => !roleSubjects.has(p.id)).map((p) => p.id)).toEqual([]);
  });

  it('names every organisation of the articles as an entity', () => {
    const known = new Set(
      [...kb.entities.flatMap((e) => [e.name, ...e.aliases, ...e.relations.map((r) => r.value ?? '')]), ...kb.facts.map((f) => f.statement)]
        .filter(Boolean)
        .map((a) => a.toLowerCase()),
    );
    // Capitalised names of two or more words inside sentences, e.g. "Black Sesame Technologies".
    const names = new Set<string>();
    // Sentences only: headlines are in title case.
    const sentences = kb.sources.flatMap((s) => s.body.split(/\n\s*\n/)).filter((p) => /[.!?"”]$/.test(p.trim()));
    for (const sentence of sentences) {
      for (const m of sentence.matchAll(/(?<=[a-z,] )(?:[A-Z][\w&-]+ (?:(?:of|and|for|the) )?){1,5}[A-Z][\w&-]+/g)) names.add(m[0]);
    }
    const unknown = [...names].filter((n) => ![...known].some((k) => k.includes(n.toLowerCase()) || n.toLowerCase().includes(k)));
    expect(unknown).toEqual([]);
  });
});
