// The reader on articles written for these tests: names and types, posts, figures, dates, and knowledge from an uncurated article.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSourceFiles, createQueryCore, loadKnowledge } from '../../src/core/index.js';
import { readerLexicon } from '../../src/core/knowledge/lexicon.js';
import { lexiconSets } from '../../src/core/reader/lexicon-sets.js';
import { readArticle } from '../../src/core/reader/read-article.js';
import { writeFixtureKnowledge } from '../support/fixture-knowledge.js';

const lex = lexiconSets(readerLexicon());

const ARTICLE = `Harbourline Robotics Corporation (HRC) on Monday appointed Mary Tam Wai-ling as chief executive officer, replacing Peter Ng.

Tam said the company would hire about 200 engineers and invest HK$1.5 billion in a new research centre in Tseung Kwan O by 2027.

She added that more than 60 per cent of the staff would be local graduates.

Kelvin Ho, chairman of HRC, said the firm's revenue grew 18 per cent last year.`;

const NEW_SOURCE = `---
id: harbourline-new-ceo
title: Harbourline Robotics names a new chief executive
publisher: The Test Herald
date: 2025-03-12
origin: harbourline.txt
---
${ARTICLE}
`;

describe('reading an article', () => {
  const reading = readArticle({ title: 'Harbourline Robotics names a new chief executive', body: ARTICLE, date: '2025-03-12' }, lex);
  const names = new Map(reading.names.map((n) => [n.text, n.type]));

  it('finds organisations and people with their types, and the short form an article defines', () => {
    expect(names.get('Harbourline Robotics Corporation')).toBe('company');
    expect(names.get('Mary Tam Wai-ling')).toBe('person');
    expect(names.get('Kelvin Ho')).toBe('person');
    expect(names.get('Tseung Kwan O')).toBe('place');
    expect(reading.definitions).toContainEqual({ long: 'Harbourline Robotics Corporation', short: 'HRC' });
  });

  it('reads posts, appointments and the people replaced', () => {
    expect(reading.posts).toContainEqual(expect.objectContaining({ person: 'Mary Tam Wai-ling', title: 'chief executive officer', change: 'appointed' }));
    expect(reading.posts).toContainEqual(expect.objectContaining({ person: 'Kelvin Ho', title: 'chairman', organisation: 'HRC' }));
    expect(reading.posts).toContainEqual(expect.objectContaining({ person: 'Peter Ng', change: 'replaced' }));
  });

  it('types figures with what they count and resolves dates against the article date', () => {
    const values = reading.values.map((v) => [v.type, v.value, v.unit ?? v.currency ?? v.date]);
    expect(values).toContainEqual(['money', 1_500_000_000, 'HKD']);
    expect(values).toContainEqual(['count', 200, 'engineers']);
    expect(values).toContainEqual(['percent', 60, '%']);
    // "on Monday" in an article of Wednesday 12 March 2025; "last year" is 2024.
    expect(reading.values.find((v) => v.text === 'Monday')?.date).toBe('2025-03-10');
    expect(reading.values.find((v) => v.text === 'last year')?.date).toBe('2024');
  });

  it('attributes "Tam said" and "She added" to the person named before', () => {
    const said = reading.sentences.findIndex((s) => ARTICLE.slice(s.start, s.end).startsWith('Tam said'));
    const added = reading.sentences.findIndex((s) => ARTICLE.slice(s.start, s.end).startsWith('She added'));
    expect(reading.speakers[said]).toBe('Mary Tam Wai-ling');
    expect(reading.subjects[added]).toBe('Mary Tam Wai-ling');
  });
});

describe('an article nobody curated', () => {
  it('answers from it, profiles what it names, and gives the same answers whether loaded or added to a running core', () => {
    const dir = writeFixtureKnowledge();
    const running = createQueryCore({ knowledge: loadKnowledge(dir) });
    const file = join(dir, 'sources', 'harbourline-new-ceo.md');
    writeFileSync(file, NEW_SOURCE);
    running.extend(addSourceFiles(running.knowledge, [file]));
    const fresh = createQueryCore({ knowledge: loadKnowledge(dir) });
    for (const question of ['Who is the chief executive of Harbourline Robotics?', 'How much will HRC invest?', 'Who is Kelvin Ho?', 'How many engineers will Harbourline hire?']) {
      const answer = running.ask(question);
      expect(answer.answered, question).toBe(true);
      expect(answer.citations[0]?.source).toBe('harbourline-new-ceo');
      expect(fresh.ask(question).text).toBe(answer.text);
    }
    expect(running.ask('How much will HRC invest?').text).toContain('HK$1.5 billion');
    expect(running.ask('Who is Kelvin Ho?').text).toMatch(/chairman/i);
    expect(running.profile('HRC')?.entity.name).toBe('Harbourline Robotics Corporation');
    expect(running.resolveEntity('Mary Tam')?.type).toBe('person');
  });
});

describe('posts written the way news writes them', () => {
  const body = `Zentro Foods will open a second plant in Yuen Long next year.

The plant will double the output of Zentro Foods, which supplies 300 restaurants.

It will cost HK$400 million, said chief executive Sam Lee Ka-ming.

Secretary for Innovation, Technology and Industry Professor Dana Ho Mei-ling welcomed the plan.`;
  const reading = readArticle({ title: 'Zentro Foods to open a second plant', body, date: '2025-04-01' }, lex);

  it('holds a company post named without its company at the company of the story', () => {
    expect(reading.posts).toContainEqual(expect.objectContaining({ person: 'Sam Lee Ka-ming', title: 'chief executive', organisation: 'Zentro Foods' }));
  });

  it('reads a post given in a relative clause at the company the sentence refers to', () => {
    const other = readArticle(
      {
        title: 'Lumen Gene raises US$45 million',
        body: 'Founded in 2019 by University of Hong Kong professor Dr Ivy Chan Hoi-yan, Lumen Gene has raised US$70 million to date.\n\n"This round lets us reach patients," said Chan, who serves as the company\'s chief executive.',
        date: '2024-11-20',
      },
      lex,
    );
    expect(other.posts).toContainEqual(expect.objectContaining({ person: 'Ivy Chan Hoi-yan', title: 'chief executive', organisation: 'Lumen Gene' }));
  });

  it('reads a post a comma cuts, with a title of address before the name', () => {
    expect(reading.posts).toContainEqual(expect.objectContaining({ person: 'Dana Ho Mei-ling', title: 'Secretary for Innovation, Technology and Industry' }));
    expect(reading.names.map((n) => n.text)).not.toContain('Industry Dana Ho Mei-ling');
  });

  it('answers who runs the company from it', () => {
    const dir = writeFixtureKnowledge();
    const file = join(dir, 'sources', 'orbit-plant.md');
    writeFileSync(file, `---\nid: orbit-plant\ntitle: Zentro Foods to open a second plant\npublisher: The Test Herald\ndate: 2025-04-01\norigin: orbit.txt\n---\n${body}\n`);
    const core = createQueryCore({ knowledge: loadKnowledge(dir) });
    const answer = core.ask('Who is the chief executive of Zentro Foods?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('Sam Lee Ka-ming');
  });
});

describe('a body spoken of by description', () => {
  it('is the one named before, or in an opening, the one named just after', () => {
    const body = `The city's two-year-old investment arm has put money into as many as 90 start-ups, its chief said on Monday.

Harbour Capital Fund (HCF) said 40 per cent of the projects it funds are in Hong Kong.

The fund's managers said its investments now total HK$8 billion.`;
    const reading = readArticle({ title: 'Investment arm funds 90 start-ups', body, date: '2025-01-06' }, lex);
    // The fund by its name or by the short form the article defines for it: one entity.
    expect(['Harbour Capital Fund', 'HCF']).toContain(reading.subjects[0]);
    expect(reading.definitions).toContainEqual({ long: 'Harbour Capital Fund', short: 'HCF' });
  });

  it('answers how many it funded with a count of them, not with a share of them', () => {
    const dir = writeFixtureKnowledge();
    const file = join(dir, 'sources', 'hcf-start-ups.md');
    writeFileSync(
      file,
      `---\nid: hcf-start-ups\ntitle: Investment arm funds 90 start-ups\npublisher: The Test Herald\ndate: 2025-01-06\norigin: hcf.txt\n---\nThe city's two-year-old investment arm has put money into as many as 90 start-ups and projects, its chief said on Monday.\n\nAbout 40 per cent of the start-ups and projects funded by Harbour Capital Fund (HCF) are in Hong Kong, its chief executive told lawmakers in her first briefing.\n`,
    );
    const core = createQueryCore({ knowledge: loadKnowledge(dir) });
    const answer = core.ask('How many start-ups and projects has Harbour Capital Fund funded?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('90 start-ups');
  });
});

describe('"he" after a sentence naming two people', () => {
  it('is the one the sentence was about, not the last one named', () => {
    const body = `Zentro Labs has appointed Sam Lee Ka-ming as chief executive.

Lee will replace Alex Chan Tai-man on August 1, the company said.

He previously spent a decade at a logistics group.`;
    const reading = readArticle({ title: 'Zentro Labs names a new chief', body, date: '2025-06-02' }, lex);
    expect(reading.subjects[2]).toBe('Sam Lee Ka-ming');
  });
});

describe('a programme introduced before it is named', () => {
  const body = `The Government announced a HK$500 million scheme to train data engineers over the next four years.

Under the AI Skills Scheme, employers can receive up to HK$20,000 a month for each trainee.

The scheme will be administered by the Digital Policy Office.`;

  it('keeps a short form in capitals that begins a name, and links "a … scheme" and "the scheme" to it', () => {
    const reading = readArticle({ title: 'Government unveils a skills scheme', body, date: '2025-02-26' }, lex);
    expect(reading.names.map((n) => n.text)).toContain('AI Skills Scheme');
    expect(reading.subjects[0]).toBe('AI Skills Scheme');
    expect(reading.subjects[2]).toBe('AI Skills Scheme');
  });

  it('names what "the scheme" is in the answer', () => {
    const dir = writeFixtureKnowledge();
    writeFileSync(join(dir, 'sources', 'ai-skills.md'), `---\nid: ai-skills\ntitle: Government unveils a skills scheme\npublisher: The Test Herald\ndate: 2025-02-26\norigin: ai-skills.txt\n---\n${body}\n`);
    const core = createQueryCore({ knowledge: loadKnowledge(dir) });
    const who = core.ask('Who will administer the AI Skills Scheme?');
    expect(who.answered).toBe(true);
    expect(who.text).toContain('The scheme (AI Skills Scheme) will be administered by the Digital Policy Office');
    expect(who.citations[0]?.quote).toBe('The scheme will be administered by the Digital Policy Office.');
  });
});
