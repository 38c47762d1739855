import { describe, expect, it } from 'vitest';
import { KnowledgeErrors, loadKnowledge } from '../../src/core/index.js';
import { FIXTURE_ENTITIES, FIXTURE_FACTS, FIXTURE_SOURCE, writeFixtureKnowledge } from '../support/fixture-knowledge.js';

function errorOf(dir: string): string {
  try {
    loadKnowledge(dir);
  } catch (error) {
    expect(error).toBeInstanceOf(KnowledgeErrors);
    return (error as Error).message;
  }
  throw new Error('expected loadKnowledge to fail');
}

describe('loadKnowledge', () => {
  it('loads a valid knowledge base into typed records', () => {
    const kb = loadKnowledge(writeFixtureKnowledge(), { derive: false });
    expect(kb.sources.map((s) => s.id)).toEqual(['test-article']);
    expect(kb.entities).toHaveLength(3);
    expect(kb.facts.map((f) => f.kind)).toEqual(['announcement', 'jobs']);
    expect(kb.sources[0]!.body).toContain('hire 120 engineers');
  });

  it('adds what the reader derives from the articles after the curated records, marked as derived', () => {
    const curated = loadKnowledge(writeFixtureKnowledge(), { derive: false });
    const kb = loadKnowledge(writeFixtureKnowledge());
    expect(kb.entities.slice(0, curated.entities.length)).toEqual(curated.entities.map((e) => expect.objectContaining({ id: e.id })));
    expect(kb.facts.slice(0, 2).map((f) => f.provenance)).toEqual(['curated', 'curated']);
    const derived = kb.facts.slice(curated.facts.length);
    expect(derived.length).toBeGreaterThan(0);
    for (const fact of derived) {
      expect(fact.provenance).toBe('derived');
      expect(kb.sources[0]!.body.replace(/\s+/g, ' ')).toContain(fact.quote.replace(/\s+/g, ' '));
    }
  });

  it('names the file, item and field of a missing field', () => {
    const message = errorOf(writeFixtureKnowledge({ facts: FIXTURE_FACTS.replace('  kind: jobs\n', '') }));
    expect(message).toMatch(/facts[/\\]test-article\.yaml, item "acme-jobs", field "kind"/);
  });

  it('reports a fact about an unknown entity', () => {
    const message = errorOf(writeFixtureKnowledge({ facts: FIXTURE_FACTS.replace('subject: acme-robotics\n  kind: jobs', 'subject: acme-corp\n  kind: jobs') }));
    expect(message).toContain('item "acme-jobs", field "subject": unknown entity "acme-corp"');
  });

  it('reports a fact pointing at a missing source', () => {
    const message = errorOf(writeFixtureKnowledge({ facts: FIXTURE_FACTS.replace('source: test-article\n  quote: The lab', 'source: no-such-article\n  quote: The lab') }));
    expect(message).toContain('item "acme-jobs", field "source": unknown source "no-such-article"');
  });

  it('reports a quote that is not in its source', () => {
    const message = errorOf(writeFixtureKnowledge({ facts: FIXTURE_FACTS.replace('The lab will hire 120 engineers', 'The lab will hire 200 engineers') }));
    expect(message).toContain('item "acme-jobs", field "quote": quote not found verbatim');
  });

  it('accepts a quote that differs only in white space and typographic quotes', () => {
    const kb = loadKnowledge(
      writeFixtureKnowledge({
        source: FIXTURE_SOURCE.replace('The lab will hire', 'The lab’s team will\n  hire'),
        facts: FIXTURE_FACTS.replace('The lab will hire 120 engineers', "The lab's team will hire 120 engineers"),
      }),
      { derive: false },
    );
    expect(kb.facts).toHaveLength(2);
  });

  it('reports two entities claiming the same alias', () => {
    const message = errorOf(writeFixtureKnowledge({ entities: FIXTURE_ENTITIES.replace('aliases: [Science Park]', 'aliases: [Science Park, ACME]') }));
    expect(message).toContain('item "science-park", field "aliases": alias "acme" is already claimed by entity "acme-robotics"');
  });

  it('reports invalid YAML with the file name', () => {
    const message = errorOf(writeFixtureKnowledge({ entities: '- id: [unclosed\n  type: company' }));
    expect(message).toMatch(/entities[/\\]all\.yaml: invalid YAML/);
  });

  it('leaves out a source without front matter; a curated fact citing it names the file and why', () => {
    const message = errorOf(writeFixtureKnowledge({ source: 'Just text, no metadata.' }));
    expect(message).toMatch(/unknown source "test-article" \(its file .*sources[/\\]test-article\.md was left out: no YAML front matter/);
  });

  it('reports an invalid date and a bad id in a source', () => {
    const message = errorOf(writeFixtureKnowledge({ source: FIXTURE_SOURCE.replace('date: 2024-03', 'date: March 2024').replace('id: test-article', 'id: Test Article') }));
    expect(message).toContain('field "date": must be YYYY, YYYY-MM or YYYY-MM-DD');
    expect(message).toContain('field "id": must be a kebab-case id');
  });

  it('reports a missing folder', () => {
    expect(errorOf('/nonexistent/knowledge')).toContain('the knowledge folder does not exist');
  });

  it('counts every problem at once', () => {
    const message = errorOf(writeFixtureKnowledge({ facts: FIXTURE_FACTS.replace('kind: jobs', 'kind: rumour').replace('subject: acme-robotics\n  entities', 'subject: nobody\n  entities') }));
    expect(message).toMatch(/knowledge: 2 problems/);
  });
});
