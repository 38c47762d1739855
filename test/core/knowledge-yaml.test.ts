// The knowledge base's YAML: one parser for loader and writer, the core schema, every problem with its line and column.
import { describe, expect, it } from 'vitest';
import { KnowledgeErrors, loadKnowledge } from '../../src/core/index.js';
import { parseYaml, YamlSyntaxError } from '../../src/core/knowledge/yaml.js';
import { FIXTURE_ENTITIES, writeFixtureKnowledge } from '../support/fixture-knowledge.js';

describe('knowledge YAML', () => {
  it('keeps dates as the strings the schema expects and reads yes/no as words (YAML 1.2, not 1.1)', () => {
    expect(parseYaml('date: 2024-03-01\nmonth: 2024-03\nversion: 1.10\nanswer: yes\ncount: 12\n')).toEqual({ date: '2024-03-01', month: '2024-03', version: 1.1, answer: 'yes', count: 12 });
  });

  it.each([
    ['a: 1\na: 2\n', /Map keys must be unique at line 2, column 1/],
    ['x: !foo bar\n', /Unresolved tag: !foo at line 1, column 4/],
    ['a: 1\n---\nb: 2\n', /multiple documents/],
    ['a:\n\t- b\n', /Tabs are not allowed as indentation at line 2, column 1/],
  ])('refuses %j, saying where', (text, message) => {
    expect(() => parseYaml(text)).toThrow(YamlSyntaxError);
    expect(() => parseYaml(text)).toThrow(message);
  });

  it('names the file, the line and the column of invalid YAML in the knowledge base', () => {
    const dir = writeFixtureKnowledge({ entities: `${FIXTURE_ENTITIES}- id: acme-two\n  id: acme-three\n` });
    expect(() => loadKnowledge(dir)).toThrow(KnowledgeErrors);
    expect(() => loadKnowledge(dir)).toThrow(/entities[/\\]all\.yaml: invalid YAML: Map keys must be unique at line \d+, column 3/);
  });
});
