// Articles nobody curated, as users meet them: newer news wins and says when, and their entities work everywhere.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addSourceFiles, createQueryCore, loadKnowledge } from '../../src/core/index.js';
import { writeFixtureKnowledge } from '../support/fixture-knowledge.js';

const source = (id: string, date: string, title: string, body: string) => `---\nid: ${id}\ntitle: "${title}"\npublisher: The Test Herald\ndate: "${date}"\norigin: ${id}.txt\n---\n${body}\n`;

/** Write an article into `dir` and add it to a running core, as ingest does. */
function addArticle(core: ReturnType<typeof createQueryCore>, dir: string, id: string, date: string, title: string, body: string): void {
  const file = join(dir, `${id}.md`);
  writeFileSync(file, source(id, date, title, body));
  core.extend(addSourceFiles(core.knowledge, [file]));
}

/** The bundled knowledge (its glossary and lexicons) with one more article. */
function bundledCoreWith(id: string, date: string, title: string, body: string) {
  const dir = mkdtempSync(join(tmpdir(), 'article-'));
  const core = createQueryCore({ knowledge: loadKnowledge('knowledge') });
  try {
    addArticle(core, dir, id, date, title, body);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return core;
}

function coreWithNewArticles() {
  const dir = writeFixtureKnowledge();
  writeFileSync(
    join(dir, 'sources', 'acme-new-chief.md'),
    source(
      'acme-new-chief',
      '2025-06-20',
      'Acme Robotics names a new chief executive',
      'Acme Robotics on Friday appointed Kelly Ng Wing-yan as chief executive officer, replacing Jane Doe.\n\nNg said the company would open a second lab in Kowloon Tong and hire 80 more engineers by 2026.',
    ),
  );
  const core = createQueryCore({ knowledge: loadKnowledge(dir) });
  return { dir, core };
}

describe('newer news', () => {
  it('answers with the newer article and says as of when; a question about the past gets the older', () => {
    const { core } = coreWithNewArticles();
    const now = core.ask('Who is the chief executive of Acme Robotics?');
    expect(now.answered).toBe(true);
    expect(now.text).toContain('Kelly Ng');
    expect(now.citations[0]?.source).toBe('acme-new-chief');
    const before = core.ask('Who was the chief executive of Acme Robotics in 2024?');
    expect(before.text).toContain('Jane Doe');
  });
});

describe('entities first seen in an article', () => {
  it('have a profile, latest announcements, name completion and are found in other text', () => {
    const { dir, core } = coreWithNewArticles();
    addArticle(core, join(dir, 'sources'), 'tidewater-lab', '2025-07-02', 'Tidewater Quantum opens a lab at Science Park', 'Tidewater Quantum Limited (TQL), a quantum computing start-up, announced on Wednesday that it will open a research lab at Hong Kong Science Park and hire 40 researchers.');
    const profile = core.profile('TQL');
    expect(profile?.entity.name).toBe('Tidewater Quantum Limited');
    expect(profile?.description).toMatch(/quantum computing start-up/i);
    expect(profile?.facts.map((f) => f.citation.source)).toContain('tidewater-lab');
    expect(core.latest(5, { entity: 'Tidewater Quantum' }).map((a) => a.sourceDate)).toContain('2025-07-02');
    expect(core.complete('Tidew').map((c) => c.name)).toContain('Tidewater Quantum Limited');
    expect(core.entitiesIn('Tidewater Quantum will expand').map((e) => e.name)).toContain('Tidewater Quantum Limited');
    expect(core.ask('How many researchers will TQL hire?').text).toContain('40 researchers');
  });
});

describe('percentages', () => {
  it('answers "what share of" with the sentence that gives a percentage, not another figure', () => {
    const { dir, core } = coreWithNewArticles();
    addArticle(core, join(dir, 'sources'), 'acme-graduates',
        '2025-08-01',
        'Acme Robotics reports on its graduates',
        'Acme Robotics trained 120 graduates in its academy last year.\n\nAbout 45 per cent of the graduates stayed on as Acme Robotics engineers, the company said.');
    const answer = core.ask("What share of Acme Robotics' graduates stayed on as engineers?");
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('45 per cent');
  });
});

describe('what an organisation runs', () => {
  it('a programme named after an organisation answers questions about the organisation', () => {
    const { dir, core } = coreWithNewArticles();
    addArticle(core, join(dir, 'sources'), 'acme-academy', '2025-09-01', 'A new academy opens', 'The Acme Robotics Summer Academy will train 300 secondary school students a year in Kowloon Tong.');
    const answer = core.ask('How many students will Acme Robotics train?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('300');
  });
});

describe('a figure of another measure', () => {
  it('answers a revenue question with revenue, and declines it where the article gives only an investment', () => {
    const { dir, core } = coreWithNewArticles();
    addArticle(core, join(dir, 'sources'), 'acme-results',
        '2025-10-01',
        'Acme Robotics invests in a second lab; Orbit Foods posts results',
        'Acme Robotics will invest HK$300 million in its second lab in Kowloon Tong.\n\nOrbit Foods said its revenue rose to HK$2.4 billion last year.');
    const revenue = core.ask("What was Orbit Foods' revenue last year?");
    expect(revenue.answered).toBe(true);
    expect(revenue.text).toContain('HK$2.4 billion');
    for (const question of ["How much revenue will Acme Robotics' second lab in Kowloon Tong make?", "What is the rent of Acme Robotics' second lab in Kowloon Tong?"]) {
      const other = core.ask(question);
      expect(other.answered).toBe(false);
      expect(other.text).not.toContain('HK$300 million');
    }
  });
});

/** A core over the fixture knowledge and these new articles ([id, date, title, body] each), with its own glossary if given. */
function coreWithArticles(articles: Array<[string, string, string, string]>, glossary?: string) {
  const dir = writeFixtureKnowledge(glossary ? { glossary } : {});
  for (const [id, date, title, body] of articles) writeFileSync(join(dir, 'sources', `${id}.md`), source(id, date, title, body));
  return createQueryCore({ knowledge: loadKnowledge(dir) });
}

describe('when and how long', () => {
  it('reads a glossary phrase whole, dates a coming month in the coming year, and tells a date from a length of time', () => {
    const core = coreWithArticles([['orbit-new-chief', '2025-06-01', 'Orbit Foods changes its chief', 'Orbit Foods named Sam Lee Ka-ming as its new chief executive, ending a decade under Alex Chan.\n\nLee will replace Alex Chan on September 15, the company said on Monday.\n\nLee spent eight years at a logistics group before joining Orbit Foods.']], '- terms: [job, jobs, hire, engineers]\n- terms: [succeed, replace, replaces, take over, takes over]\n');
    const when = core.ask('When will Sam Lee take over at Orbit Foods?');
    expect(when.answered).toBe(true);
    expect(when.text).toContain('September 15');
    // "on Monday" is when the company spoke, not when he starts: no gloss that would say otherwise.
    expect(when.text).not.toMatch(/on Monday: /);
    expect(core.knowledge.facts.find((f) => f.quote.includes('September 15'))?.date).toBe('2025-09-15');
    const howLong = core.ask('How long did Sam Lee spend at the logistics group?');
    expect(howLong.answered).toBe(true);
    expect(howLong.text).toContain('eight years');
  });
});

describe('events named in an article', () => {
  it('finds an event named after a field ("Robotics Forum"), resolves "the event" to it and answers who spoke there', () => {
    const core = coreWithArticles([['robotics-forum', '2025-05-02', 'Acme Robotics hosts its Robotics Forum', "Acme Robotics hosted its annual Robotics Forum on Friday, with more than 400 guests.\n\nIn an address at the event, Commissioner for Technology Dana Ho Mei-ling praised the city's robotics start-ups.\n\nThe forum also showcased 30 robots built by students."]], '- terms: [job, jobs, hire, engineers]\n- terms: [speak, spoke, speech, address, remarks]\n');
    expect(core.profile('Robotics Forum')?.entity.type).toBe('event');
    for (const question of ['Who spoke at the Robotics Forum?', 'Which commissioner spoke at the Robotics Forum?']) {
      const answer = core.ask(question);
      expect(answer.answered).toBe(true);
      expect(answer.text).toContain('Dana Ho Mei-ling');
    }
  });
});

describe('a sentence that refers back', () => {
  it('is read with the sentence before it: "Collectively, they will invest…"', () => {
    const core = coreWithArticles([['harbour-programme', '2025-05-02', 'Third batch joins the Harbour Programme', 'The Harbour Programme welcomed a third batch of 25 strategic enterprises on Monday, bringing its total to 70.\n\nCollectively, they will invest more than HK$9 billion in the city over five years.\n\nThe programme was set up in 2022 to attract innovative firms.']]);
    const answer = core.ask('How much will the strategic enterprises of the Harbour Programme invest?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('HK$9 billion');
  });
});

describe('where an organisation is', () => {
  it('is answered by a sentence that places it, not by one that names another place', () => {
    const core = coreWithArticles([['zentro-deal', '2025-07-01', 'Zentro Labs signs a supply deal', 'Zentro Labs signed a supply agreement with a battery maker from Shenzhen on Monday, worth HK$80 million.\n\nZentro Labs, based in Kowloon Tong, employs 60 engineers.']]);
    const answer = core.ask('Where is Zentro Labs?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('Kowloon Tong');
  });
});

describe('a comparison of two figures', () => {
  it('answers both sides, each with its own citation, and declines when one side is unknown', () => {
    const core = coreWithArticles([['zentro-staff', '2025-03-01', 'Zentro Labs grows', 'Zentro Labs now employs 320 engineers at its Kowloon Tong campus, the company said.'], ['quillon-staff', '2025-04-01', 'Quillon Bio hires', 'Quillon Bio now employs 85 engineers at Science Park, its founder said.']]);
    const answer = core.ask('How does the number of engineers at Zentro Labs compare with the number of engineers at Quillon Bio?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('320 engineers');
    expect(answer.text).toContain('85 engineers');
    expect(answer.citations.map((c) => c.source).sort()).toEqual(['quillon-staff', 'zentro-staff']);
    const unknown = core.ask('How does the number of engineers at Zentro Labs compare with the number of engineers at Mortlake Systems?');
    expect(unknown.answered).toBe(false);
  });
});

describe('a Cantonese question about a new article', () => {
  it('reads "幾多錢" as asking for an amount, not as words it does not know', () => {
    const core = coreWithArticles([['zentro-hub', '2025-03-12', 'Zentro Labs to build a hub', 'Zentro Labs will invest HK$1.2 billion to build an automation hub in Tseung Kwan O, the company said on Tuesday.\n\nThe hub will employ 140 engineers when it opens in 2027.']], '- terms: [job, jobs, hire, hiring, employ, engineers, 招聘, 僱用]\n');
    const answer = core.ask('Zentro Labs 會投資幾多錢？');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('HK$1.2 billion');
    // "請幾多人": how many people it will hire (請 is "hire" here, not "please").
    const hires = core.ask('Zentro Labs 喺香港請幾多人？');
    expect(hires.answered).toBe(true);
    expect(hires.text).toContain('140 engineers');
  });
});

describe('a capitalised word that describes', () => {
  it('is not taken for an unknown name: "a Nordic retailer"', () => {
    const core = coreWithArticles([['zentro-robots', '2025-08-01', 'Zentro Labs wins an export order', 'Zentro Labs is building 12 delivery robots for a retailer in Norway, the company said.']]);
    const answer = core.ask('Which company is building delivery robots for a Nordic retailer?');
    expect(answer.text).not.toMatch(/nothing about "Nordic"/);
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('Zentro Labs');
  });
});

describe('"where does X rank"', () => {
  it('asks for a position, not a place', () => {
    const core = coreWithArticles([['robotics-index', '2025-01-20', 'Robotics index published', 'Acme Robotics climbed to 5th place in the Global Robotics Readiness Index this year, up from 11th.']]);
    const answer = core.ask('Where does Acme Robotics stand in the Global Robotics Readiness Index?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('5th place');
  });
});

describe('"what does X make?"', () => {
  it('is answered with what the article says X is', () => {
    const core = coreWithArticles([['quillon', '2025-05-05', 'Quillon Bio opens a lab', 'Quillon Bio, a Shenzhen-based maker of diagnostic test kits, will open a laboratory at Science Park next month.\n\nThe company employs 300 people.']]);
    const answer = core.ask('What does Quillon Bio make?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('diagnostic test kits');
  });
});

describe('a public body an article names, asked for by another of its names', () => {
  it('is found by its Chinese name and its long name; a body no article names is still unknown', () => {
    const { dir, core } = coreWithNewArticles();
    addArticle(core, join(dir, 'sources'), 'lumen-harbour', '2025-08-14', 'Lumen Harbour Biotech picks Hong Kong', 'Lumen Harbour Biotech, a made-up cell therapy company, will set up its Asia headquarters in Hong Kong with the help of InvestHK, and plans to hire 35 scientists by 2027.');
    for (const question of ['投資推廣署幫咗邊間公司嚟香港？', '投资推广署帮了哪家公司？', 'Which company did Invest Hong Kong help?']) {
      const reply = core.ask(question);
      expect(reply.answered, question).toBe(true);
      expect(reply.text, question).toContain('Lumen Harbour Biotech');
      expect(reply.citations[0]?.source, question).toBe('lumen-harbour');
    }
    // The Trade Development Council's Chinese name is known to the lexicon, but no article names the body.
    expect(core.ask('貿發局有咩新計劃？').answered).toBe(false);
  });
});

describe('words of the trade in Chinese', () => {
  it('find the English words an article uses for them, with the bundled glossary', () => {
    const core = bundledCoreWith('kestrel-drones', '2025-09-03', 'Kestrel Aero tests delivery drones in Tuen Mun', 'Kestrel Aero, a made-up start-up, began testing delivery drones over Tuen Mun on Tuesday as part of the low-altitude economy pilot.');
    for (const question of ['無人機', '無人機有咩新進展？']) {
      const reply = core.ask(question);
      expect(reply.answered, question).toBe(true);
      expect(reply.text, question).toContain('Kestrel Aero');
      expect(reply.citations[0]?.source, question).toBe('kestrel-drones');
    }
  });
});

describe('an article whose title names several companies', () => {
  it('does not answer for one company with what the article says of another', () => {
    const { dir, core } = coreWithNewArticles();
    addArticle(core, join(dir, 'sources'), 'two-pledges',
        '2025-10-08',
        'Orbit Weave Technologies and Pinecrest Robotics Limited make Hong Kong pledges',
        'Orbit Weave Technologies, a made-up satellite maker, will hire 200 engineers for a design centre at Cyberport.\n\nPinecrest Robotics Limited, a made-up robot maker, will open a workshop in Tai Po next spring.');
    expect(core.ask('How many engineers will Orbit Weave Technologies hire?').text).toContain('200 engineers');
    const other = core.ask('How many engineers will Pinecrest Robotics hire?');
    expect(other.answered).toBe(false);
    expect(other.text).not.toContain('200 engineers');
  });
});

describe('contact details', () => {
  it('answers a phone number from the sentence that gives one, and no other number stands in for it', () => {
    const core = bundledCoreWith('harbour-lab-hotline', '2025-11-02', 'Harbour Lab Robotics opens to visitors', 'Harbour Lab Robotics, a made-up robot maker, opened its showroom in Kwun Tong to 300 visitors on Saturday.\n\nVisitors can book a tour through the company hotline, 3988 1234.');
    expect(core.ask("What is Harbour Lab Robotics' phone number?").text).toContain('3988 1234');
    // The bundled articles give Cyberport's figures, but no phone number.
    const none = core.ask("What is Cyberport's phone number?");
    expect(none.answered).toBe(false);
    expect(none.text).not.toMatch(/\d/);
  });
});

describe('a list of companies', () => {
  it('lists each company once, not a sentence that only sums up two already listed', () => {
    const core = bundledCoreWith('three-labs',
        '2025-10-20',
        'Three start-ups open labs in Kowloon Tong',
        'Brightkelp Materials Limited, a made-up materials company, will open a battery lab in Kowloon Tong next year.\n\nHarbourfront Estates Corporation said Brightkelp Materials Limited and Ferncastle Optics Limited will open labs in Kowloon Tong.\n\nFerncastle Optics Limited, a made-up optics company, will open a lens lab in Kowloon Tong in March.\n\nQuarrystone Sensors Limited, a made-up sensor company, will open a sensor lab in Kowloon Tong in May.');
    const lines = core.ask('Which companies will open labs in Kowloon Tong?').text.split('\n');
    expect(lines).toHaveLength(3);
    for (const name of ['Brightkelp Materials', 'Ferncastle Optics', 'Quarrystone Sensors']) expect(lines.filter((l) => l.includes(name))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('Harbourfront');
  });
});
