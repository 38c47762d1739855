// Questions that pick one of a series ("the first batch"), ask for a period, or name an organisation inside a
// programme's name, asked of articles nobody curated.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createQueryCore, loadKnowledge } from '../../src/core/index.js';
import { kindNounAsked } from '../../src/core/constraints.js';
import type { Engine } from '../../src/core/engine.js';
import { detectIntent } from '../../src/core/intent.js';
import { askedOrdinals } from '../../src/core/ordinals.js';
import { readerLexicon } from '../../src/core/knowledge/lexicon.js';
import { lexiconSets } from '../../src/core/reader/lexicon-sets.js';
import { readArticle } from '../../src/core/reader/read-article.js';
import { terms } from '../../src/core/text/tokenize.js';
import { writeFixtureKnowledge } from '../support/fixture-knowledge.js';

const source = (id: string, date: string, title: string, body: string, publisher = 'The Test Herald') =>
  `---\nid: ${id}\ntitle: "${title}"\npublisher: ${publisher}\ndate: "${date}"\norigin: ${id}.txt\n---\n${body}\n`;

const lex = lexiconSets(readerLexicon());
const read = (article: { title: string; body: string; date: string }) => readArticle(article, lex);

function coreWith(articles: Array<[string, string, string, string] | [string, string, string, string, string]>) {
  const dir = writeFixtureKnowledge();
  for (const [id, date, title, body, publisher] of articles) writeFileSync(join(dir, 'sources', `${id}.md`), source(id, date, title, body, publisher));
  return createQueryCore({ knowledge: loadKnowledge(dir) });
}

describe('one of a series', () => {
  const core = coreWith([
    [
      'harbour-grants-first',
      '2023-03-02',
      'Harbour Innovation Fund names its grantees',
      'The Harbour Innovation Fund (HIF) announced the first round of its grants today.\n\nThe first round goes to 12 young companies in robotics and materials.\n\nOver the next two years, the grantees will create about 300 jobs in Hong Kong.',
    ],
    [
      'harbour-grants-third',
      '2025-04-10',
      'Harbour Innovation Fund opens a new round',
      'The Harbour Innovation Fund (HIF) announced the third round of its grants today, bringing the total to 41 companies.\n\nThe companies of the round work in biotechnology.\n\nTogether the grantees will create about 900 jobs in Hong Kong.',
    ],
  ]);

  it('answers about the round asked for, not the newest', () => {
    const first = core.ask('How many jobs will the first round of HIF grantees create?');
    expect(first.answered).toBe(true);
    expect(first.text).toContain('300 jobs');
    expect(first.text).not.toContain('900');
  });

  it('without a round named, the newer figure wins', () => {
    expect(core.ask('How many jobs will the HIF grantees create?').text).toContain('900 jobs');
  });
});

describe('periods and names inside names', () => {
  const core = coreWith([
    [
      'lantau-plan',
      '2024-05-06',
      'Government unveils the Lantau Data Plan',
      'The government on Monday unveiled the Lantau Data Plan, its first plan for the data industry.\n\nThe plan sets out the direction of the industry over the next eight to 12 years, with six strategies.\n\nIt was drafted by the Data Office.',
    ],
    [
      'quayside-programme',
      '2024-09-12',
      'Quayside Labs opens its programmes',
      'Quayside Labs Corporation (QLC) runs a science park for start-ups in Kowloon.\n\nThe QLC Seed and Growth Programmes are open for application throughout the year and give start-ups office space and mentoring.\n\nThe corporation also pledged a 2-billion-Hong Kong dollar fund for medical devices.',
    ],
  ]);

  it('"what period does it cover?" is answered with the span', () => {
    const answer = core.ask('What period does the Lantau Data Plan cover?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('eight to 12 years');
  });

  it('a programme named after an organisation answers about the organisation', () => {
    const answer = core.ask('Is the QLC incubation open for application all year?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('throughout the year');
  });

  it('"a 2-billion-Hong Kong dollar fund" is an amount of money', () => {
    const answer = core.ask('How big is the QLC fund for medical devices?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('2-billion-Hong Kong dollar');
  });
});

describe('British and American spelling', () => {
  it('fold to one term: "programme" is "program", "centre" is "center", "organisation" is "organization"', () => {
    for (const [british, american] of <Array<[string, string]>>[
      ['programme', 'program'],
      ['programmes', 'programs'],
      ['centre', 'center'],
      ['organisation', 'organization'],
      ['commercialising', 'commercializing'],
      ['labour', 'labor'],
      ['analysed', 'analyzed'],
    ]) {
      expect(terms(british)).toEqual(terms(american));
    }
    expect(terms('program')).not.toEqual(terms('project'));
  });
});

describe('what a question asks for', () => {
  it('"the firms it invests in" says which firms; the question does not ask for money', () => {
    expect(detectIntent('What does the fund ask of the firms it invests in abroad?')).toBe('general');
    expect(detectIntent('How much does the fund invest in start-ups?')).toBe('money');
    expect(detectIntent('What period does the plan cover?')).toBe('when');
  });
});

describe('short forms and misspelt names', () => {
  it('"Trade Harbour Kowloon (TradeHK)" defines a short form in mixed case; "Acme Robotics (Apple)" does not', () => {
    const reading = read(
      { title: 'Trade agency reports', body: 'The figures come from Trade Harbour Kowloon (TradeHK), the agency said. Acme Robotics (Apple) was not named.', date: '2025-01-02' },
    );
    expect(reading.definitions).toContainEqual({ long: 'Trade Harbour Kowloon', short: 'TradeHK' });
    expect(reading.definitions.map((d) => d.short)).not.toContain('Apple');
  });

  it('a misspelt name that ends with a place ("grwo hong kong") is the organisation, not the place', () => {
    const core = coreWith([
      ['grow-agency', '2025-02-03', 'Agency reports record start-ups', 'Grow Hong Kong (GrowHK) said the number of start-ups in the city reached 5,100 this year.'],
    ]);
    const answer = core.ask('wat did grwo hk say abt startups');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('5,100');
    expect(answer.entities.map((e) => e.name)).toContain('Grow Hong Kong');
  });
});

describe('the article a question names', () => {
  const core = coreWith([
    ['daily-park', '2024-03-01', 'Park welcomes new tenants', 'Over the past 12 months, 240 companies joined Quayside Park (QP), the park said.', 'Harbour Daily News'],
    ['times-park', '2025-06-01', 'Quayside Park grows', 'Over the past 12 months, 310 companies joined Quayside Park (QP), the park said.', 'Kowloon Business Times'],
  ]);

  it('"covered by the HDN report" answers from that publisher\'s article, not the newest', () => {
    const answer = core.ask('How many companies joined QP in the period covered by the HDN report?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('240 companies');
    expect(answer.citations[0]?.source).toBe('daily-park');
  });
});

describe('when-questions', () => {
  const core = coreWith([
    [
      'quayside-ceo',
      '2025-06-02',
      'Quayside Labs names a new chief executive',
      'Quayside Labs Corporation (QLC) has appointed Mia Chan Hoi-yan as CEO, refreshing its leadership after eight years.\n\nChan will be replacing Tom Lee on September 15, the company said in a statement on Monday.',
    ],
  ]);

  it('the sentence that gives the date joins one that only reports the news', () => {
    const answer = core.ask('When does Mia Chan take over as QLC CEO?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('September 15');
  });
});

describe('more of the series and of "it"', () => {
  it('"第五批" names the fifth batch; "以來" compares the batches', () => {
    expect(askedOrdinals('第五批有多少家企業？')).toEqual([{ ordinal: 'fifth', noun: 'batch' }]);
    expect(askedOrdinals('How many jobs will the 2nd round create?')).toEqual([{ ordinal: 'second', noun: 'round' }]);
    expect(askedOrdinals('How much has the total risen since the second round?')).toEqual([]);
    expect(askedOrdinals('自第一批以來增加了多少？')).toEqual([]);
  });

  it('"It is my great pleasure to…" refers to nobody; "It will train…" to the body before', () => {
    const reading = read(
      {
        title: 'Speech at the Quayside Labs signing ceremony',
        body: 'Quayside Labs Corporation (QLC) hosted the ceremony.\n\nIt is my great pleasure to welcome the third round of 12 partner companies today.\n\nIt will train 300 engineers a year.',
        date: '2025-10-09',
      },
    );
    expect(['Quayside Labs Corporation', 'QLC']).not.toContain(reading.subjects[1]);
    expect(['Quayside Labs Corporation', 'QLC']).toContain(reading.subjects[2]);
  });
});

describe('names in quotes and figures with a point', () => {
  const reading = read(
    {
      title: 'Harbour park backs AI',
      body: 'Harbour Park has launched a new initiative as it places AI alongside Web3.0 and digital assets at the heart of its plans. It announced the launch of the ‘AI Builders Circle’ this week. He said ‘Yes We Can’ was the motto.',
      date: '2025-11-03',
    },
  );

  it('"the ‘AI Builders Circle’" is a name however ordinary its words; a quoted slogan is not', () => {
    const names = reading.names.map((n) => n.text);
    expect(names).toContain('AI Builders Circle');
    expect(names).not.toContain('Yes We Can');
  });

  it('"Web3.0" does not end a sentence', () => {
    expect(reading.sentences).toHaveLength(3);
  });
});

describe('"What is X?"', () => {
  const core = coreWith([
    [
      'tidegate-launch',
      '2024-05-20',
      'TideGate launch ceremony held',
      'The Marine Office launched TideGate, a research programme, in 2023.\n\nThe TideGate Launch Ceremony was held today, with more than 200 guests at the TideGate launch.\n\nAs the flagship research initiative of the city government, TideGate aims to bring marine science laboratories together.\n\nLater, officials presided over the TideGate launch and unveiled the TideGate logo and the TideGate website.',
    ],
  ]);

  it('is answered by the sentence that says what X is, not one that only names it', () => {
    const answer = core.ask('What is TideGate?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('flagship research initiative');
    // Whatever else joins it comes after.
    const logo = answer.text.indexOf('TideGate logo');
    expect(logo === -1 || logo > answer.text.indexOf('flagship research initiative')).toBe(true);
  });
});

describe('"which <name> companies…"', () => {
  const core = coreWith([
    [
      'quayside-unicorns',
      '2025-11-20',
      'Quayside Park reports a strong year',
      'Quayside Park (QP) cultivated seven unicorns in the past year, according to Minister Alan Poon.\n\nQP also counted two new unicorns this year: robotics company Gearwell, valued at $1.2bn, and the cloud firm Nimbus Data.',
    ],
  ]);

  it('asks for companies even with a name before the noun: a minister is no company', () => {
    const answer = core.ask('Which QP companies are unicorns?');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('Gearwell');
  });

  it('finds the kind asked for after a name: "which Cyberport companies" asks for companies', () => {
    const engine = { kindNouns: new Map([['companies', ['*']], ['banks', ['bank']]]) } as unknown as Engine;
    expect(kindNounAsked(engine, 'Which Cyberport companies became unicorns?')?.noun).toBe('companies');
    expect(kindNounAsked(engine, 'Which of the banks joined?')?.noun).toBe('banks');
    expect(kindNounAsked(engine, 'Which year was it?')).toBeUndefined();
  });
});
