// A small knowledge base written to a temporary folder, for tests that break it on purpose.
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIXTURE_SOURCE = `---
id: test-article
title: Acme Robotics opens a lab
publisher: The Test Post
date: 2024-03
date_note: inferred from "this March"
origin: test.txt
---
Acme Robotics will open a robotics lab at Hong Kong Science Park this March.

The lab will hire 120 engineers, says Jane Doe, chief executive of Acme Robotics.
`;

export const FIXTURE_ENTITIES = `- id: acme-robotics
  type: company
  name: Acme Robotics
  description: Robotics company opening a lab in Hong Kong.
  aliases: [Acme, 愛克米機械人]
  sectors: [robotics]
- id: jane-doe
  type: person
  name: Jane Doe
  description: Chief executive of Acme Robotics.
  relations:
    - {type: role, target: acme-robotics, value: Chief executive}
- id: science-park
  type: park
  name: Hong Kong Science Park
  description: Science park in Shatin.
  aliases: [Science Park]
`;

export const FIXTURE_FACTS = `- id: acme-lab
  subject: acme-robotics
  entities: [science-park]
  kind: announcement
  statement: Acme Robotics will open a robotics lab at Hong Kong Science Park in March 2024.
  source: test-article
  quote: Acme Robotics will open a robotics lab at Hong Kong Science Park this March.
- id: acme-jobs
  subject: acme-robotics
  kind: jobs
  statement: Acme Robotics' lab will hire 120 engineers.
  values: [{type: count, value: 120, unit: engineers}]
  source: test-article
  quote: The lab will hire 120 engineers
`;

/** Write a knowledge folder; pass overrides to break one file. Returns its path. */
export function writeFixtureKnowledge(overrides: Partial<Record<'source' | 'entities' | 'facts' | 'glossary', string>> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'kb-'));
  for (const sub of ['sources', 'entities', 'facts']) mkdirSync(join(dir, sub));
  writeFileSync(join(dir, 'sources', 'test-article.md'), overrides.source ?? FIXTURE_SOURCE);
  writeFileSync(join(dir, 'entities', 'all.yaml'), overrides.entities ?? FIXTURE_ENTITIES);
  writeFileSync(join(dir, 'facts', 'test-article.yaml'), overrides.facts ?? FIXTURE_FACTS);
  writeFileSync(join(dir, 'glossary.yaml'), overrides.glossary ?? '- terms: [job, jobs, hire, engineers]\n');
  return dir;
}
