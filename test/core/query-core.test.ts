import { describe, expect, it } from 'vitest';
import { createQueryCore, foldForQuote, loadKnowledge } from '../../src/core/index.js';
import { bundledCore } from '../support/core.js';
import { writeFixtureKnowledge } from '../support/fixture-knowledge.js';

const core = bundledCore();
const bodies = new Map(core.knowledge.sources.map((s) => [s.id, foldForQuote(s.body)]));

function expectCitedVerbatim(answer: ReturnType<typeof core.ask>) {
  expect(answer.citations.length).toBeGreaterThan(0);
  for (const c of answer.citations) expect(bodies.get(c.source)).toContain(foldForQuote(c.quote));
}

describe('entities', () => {
  it.each([
    ['CATL', 'catl'],
    ['Contemporary Amperex Technology', 'catl'],
    ['寧德時代', 'catl'],
    ['宁德时代', 'catl'],
    ['Contemporary Amperx Technology', 'catl'],
    ['數碼港', 'cyberport'],
    ['数码港', 'cyberport'],
    ['Chines Westwell', 'westwell'],
  ])('resolves %s', (name, id) => {
    expect(core.resolveEntity(name)?.id).toBe(id);
  });

  it('completes names from a prefix, an alias and a Chinese name', () => {
    expect(core.complete('cyber').map((c) => c.id)).toContain('cyberport');
    expect(core.complete('數碼').map((c) => c.id)).toContain('cyberport');
    expect(core.complete('').length).toBeLessThanOrEqual(25);
    expect(core.complete('a', 100).length).toBeLessThanOrEqual(25);
  });
});

describe('answers', () => {
  it('declines a question about an organisation in a place when nothing puts it there', () => {
    expect(core.ask('Does Cyberport have an office in Singapore?').answered).toBe(false);
    const there = core.ask('Does HKSTP have a branch in Shenzhen?');
    expect(there.answered).toBe(true);
    expect(there.text).toContain('Shenzhen');
  });

  it('puts the key figure first and cites the sentence it came from', () => {
    const answer = core.ask('how many staff is CATL hiring in Hong Kong');
    expect(answer.answered).toBe(true);
    expect(answer.text.slice(0, 200)).toContain('500');
    expect(answer.entities.map((e) => e.id)).toContain('catl');
    expectCitedVerbatim(answer);
  });

  it('answers money questions with both currencies', () => {
    const answer = core.ask('what is the size of the J2 Semiconductor investment');
    expect(answer.text).toMatch(/HK\$6\.9 billion/);
    expect(answer.text).toMatch(/US\$882 million/);
  });

  it('answers a question in Chinese about an entity named in Chinese', () => {
    const answer = core.ask('寧德時代在香港宣布了甚麼？');
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/500|R&D|research and development/);
    expectCitedVerbatim(answer);
  });

  it('understands a misspelt organisation', () => {
    const answer = core.ask('neta autto headquarters');
    expect(answer.answered).toBe(true);
    expect(answer.text).toMatch(/headquarters/i);
  });

  it('answers a follow-up with the entity of the previous question', () => {
    const first = core.ask('What is CATL planning in Hong Kong?');
    const followUp = core.ask('how many people will it hire?', { recentEntities: first.entities.map((e) => e.id) });
    expect(followUp.answered).toBe(true);
    expect(followUp.text).toContain('500');
    expect(followUp.entities.map((e) => e.id)).toContain('catl');
  });

  it('says a garbled figure is unreadable instead of repeating it', () => {
    const answer = core.ask('How many companies has Cyberport hosted over 20 years?');
    expect(answer.text).toMatch(/unreadable|garbled/i);
    expect(answer.text).not.toContain('2000,2018');
  });

  it.each(['Who won the football World Cup in 2022?', 'What is the weather in Tokyo tomorrow?', 'Write me a poem about cats', 'What did Tesla announce?', 'asdfgh qwerty'])(
    'declines %s with help',
    (question) => {
      const answer = core.ask(question);
      expect(answer.answered).toBe(false);
      expect(answer.citations).toEqual([]);
      expect(answer.text).toMatch(/\/search|\/org/);
    },
  );

  it('declines an empty question politely', () => {
    const answer = core.ask('   ');
    expect(answer.answered).toBe(false);
    expect(answer.text.length).toBeGreaterThan(10);
  });
});

describe('lookups', () => {
  it('profiles an organisation with its people and facts', () => {
    const profile = core.profile('香港科技園公司');
    expect(profile?.entity.id).toBe('hkstp');
    expect(profile?.facts.length).toBeGreaterThan(5);
    expect(profile?.relations.map((r) => r.label).join(' ')).toContain('Albert Wong');
  });

  it('searches passages with snippets', () => {
    const result = core.search('silicon carbide wafers');
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits[0]!.snippet.toLowerCase()).toContain('silicon carbide');
  });

  it('lists the latest announcements newest first', () => {
    const items = core.latest(10);
    expect(items.length).toBeGreaterThan(3);
    const dates = items.map((i) => i.sourceDate);
    expect([...dates].sort().reverse()).toEqual(dates);
  });

  it('lists the sources with titles and dates', () => {
    const sources = core.sources();
    expect(sources.length).toBe(core.knowledge.sources.length);
    for (const s of sources) expect(s.date).toMatch(/^\d{4}/);
  });
});

describe('a small fixture corpus', () => {
  const fixture = createQueryCore({ knowledge: loadKnowledge(writeFixtureKnowledge()) });

  it('prefers the fact that answers the intent about the named entity', () => {
    const answer = fixture.ask('How many engineers will Acme hire?');
    expect(answer.text).toMatch(/^Acme Robotics' lab will hire 120 engineers/);
  });

  it('finds the entity by its Chinese name', () => {
    expect(fixture.ask('愛克米機械人').entities[0]?.id).toBe('acme-robotics');
  });

  it('reloads with new knowledge', () => {
    const other = createQueryCore({ knowledge: loadKnowledge(writeFixtureKnowledge()) });
    other.reload(core.knowledge);
    expect(other.resolveEntity('CATL')?.id).toBe('catl');
  });
});

describe('articles added without curated facts', () => {
  it('appear in the latest announcements and can be filtered by the entities they name', () => {
    const dir = writeFixtureKnowledge();
    const kb = loadKnowledge(dir);
    const ingested = {
      ...kb.sources[0]!,
      id: 'acme-second-lab',
      title: 'Acme Robotics opens a second lab',
      date: '2025-01-02',
      origin: 'ingested.md',
      file: 'sources/acme-second-lab.md',
      body: 'Acme Robotics opens a second lab in Hong Kong Science Park with 40 more engineers joining next year.',
    };
    const core = createQueryCore({ knowledge: { ...kb, sources: [...kb.sources, ingested] } });
    const latest = core.latest(5);
    expect(latest[0]!.statement).toContain('Acme Robotics opens a second lab');
    expect(latest[0]!.citation.quote).toBe(ingested.body);
    expect(latest[0]!.subject?.id).toBe('acme-robotics');
    expect(core.latest(5, { entity: 'Acme' }).map((i) => i.id)).toContain('article-acme-second-lab');
  });
});

describe('what a question asks for', () => {
  it('answers who holds a post at an organisation with the person who holds it', () => {
    expect(core.ask('Who is the co-CEO of J2?').text).toMatch(/^TY Chu/);
    expect(core.ask('Who chairs J2 Semiconductor?').text).toMatch(/Robert Tsu/);
  });

  it('answers "which company" with the company', () => {
    expect(core.ask('Which company builds satellites for Saudi Arabia?').text).toMatch(/^Aspace/);
  });

  it('declines a count of something the articles do not count', () => {
    expect(core.ask('How many cars did Neta Auto sell last year?').answered).toBe(false);
    expect(core.ask('How many researchers will Neta hire?').text).toContain('600');
  });

  it('declines what the articles do not say about an entity they know', () => {
    for (const q of ['What is the address of Cyberport?', 'How much did Neta Auto earn last year?', 'Who founded Cyberport?', '寧德時代的股價是多少？']) {
      const answer = core.ask(q);
      expect(answer.answered, q).toBe(false);
      expect(answer.text).toContain('/org');
    }
  });

  it('reads misspelt ordinary words and question words', () => {
    expect(core.ask('uspace satelites').text).toContain('200');
    expect(core.ask('hwo mny jobs will j2 create').text).toContain('700');
  });
});

describe('an ingested article about an organisation not yet in the entities', () => {
  it('answers from its sentences', () => {
    const kb = core.knowledge;
    const article = {
      ...kb.sources[0]!,
      id: 'zorvex-design-studio',
      title: 'Zorvex opens Hong Kong design studio',
      date: '2026-11-20',
      origin: 'zorvex.md',
      file: 'sources/zorvex-design-studio.md',
      unreliable: [],
      body: 'Zorvex opens Hong Kong design studio\n\nElectric car maker Zorvex said on Monday it will open a design studio at Hong Kong Science Park and hire 80 designers by 2026.',
    };
    const withArticle = createQueryCore({ knowledge: { ...kb, sources: [...kb.sources, article] } });
    const answer = withArticle.ask('How many designers will Zorvex hire?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('80 designers');
    expect(answer.citations[0]?.source).toBe('zorvex-design-studio');
  });
});

describe('names, tense and posts', () => {
  it('answers what an abbreviation stands for and an entity\'s Chinese name, with a citation', () => {
    const full = core.ask('What does OASES stand for?');
    expect(full.text).toMatch(/^OASES stands for Office for Attracting Strategic Enterprises/);
    expect(full.citations[0]?.quote).toMatch(/Office/);
    expect(core.ask("What is Cyberport's Chinese name?").text).toContain('數碼港');
  });

  it('does not answer a question about now with a plan', () => {
    expect(core.ask('How many employees does J2 Semiconductor have today?').answered).toBe(false);
  });

  it('does not give someone else\'s post for an organisation\'s', () => {
    expect(core.ask("Who is the chairman of HKSTP's board?").answered).toBe(false);
  });
});

describe('which kind of organisation', () => {
  it('answers with an organisation of the kind asked for, or declines', () => {
    expect(core.ask('Which banks attended the reception dinner?').text).toMatch(/JP Morgan|East West Bank/);
    expect(core.ask('Which bank will fund J2?').answered).toBe(false);
    expect(core.ask('What is the price of a CATL battery?').answered).toBe(false);
  });
});

describe('questions about two things', () => {
  it('answers a comparison with a fact about each entity', () => {
    const answer = core.ask('Which is hiring more people in Hong Kong: Neta Auto or J2 Semiconductor?');
    expect(answer.text).toContain('600');
    expect(answer.text).toContain('700');
    expect(answer.citations).toHaveLength(2);
  });

  it('answers both halves of a double question', () => {
    const answer = core.ask('How many unicorns did Cyberport cultivate in the past year, and how much did its start-ups raise?');
    expect(answer.text).toMatch(/seven/);
    expect(answer.text).toMatch(/10 billion/);
  });
});
