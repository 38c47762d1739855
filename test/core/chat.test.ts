// Questions typed the way people chat: chat forms, Chinese as typed (Traditional, Simplified, Cantonese), lists and comparisons.
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/core/answer.js';
import { buildEngine } from '../../src/core/engine.js';
import { loadKnowledge } from '../../src/core/index.js';
import { loadLexiconFile } from '../../src/core/knowledge/lexicon.js';
import { chatLexiconSchema, createChatRewriter } from '../../src/core/text/chat.js';
import { foldChinese } from '../../src/core/text/chinese.js';
import { bundledCore as getCore } from '../support/core.js';

describe('chat forms', () => {
  const rewrite = createChatRewriter(loadLexiconFile(undefined, 'chat', chatLexiconSchema));

  it('rewrites chat forms and slips to plain words, and leaves names alone', () => {
    expect(rewrite('wat r j2 hiring rn')).toBe('what are j2 hiring now');
    expect(rewrite('hk startups 10k jobs?')).toBe('Hong Kong startups 10 thousand jobs?');
    expect(rewrite('Who is TY Chu?')).toBe('Who is TY Chu?');
    expect(rewrite('neta hq wher')).toBe('neta headquarters where');
  });

  it('answers casual questions and echoes the question exactly as typed', () => {
    const core = getCore();
    const answer = core.ask('j2 how many ppl they hiring rn');
    expect(answer.question).toBe('j2 how many ppl they hiring rn');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('700');
  });
});

describe('two questions in one chat message', () => {
  it('answers each clause on its own, the second about the same company, each with its best fact only', () => {
    const answer = getCore().ask('neta auto how many researchers n how much money');
    expect(answer.answered).toBe(true);
    expect(answer.text).toContain('600');
    expect(answer.text).toContain('hundreds of millions');
    expect(answer.citations.length).toBe(2);
  });
});

describe('declining', () => {
  it('names the name it does not know, not an ordinary word beside it ("tallest", "bigger")', () => {
    const answer = getCore().ask('What is the tallest building in Lima, and is it bigger than ours?');
    expect(answer.answered).toBe(false);
    expect(answer.text).toContain('"Lima"');
    expect(answer.text).not.toMatch(/"tallest"|"bigger"/);
  });

  it('does not answer for a measure the articles never give with a sentence that shares a word with it', () => {
    for (const q of ["What's the exchange rate between the Hong Kong dollar and the yen?", 'What is the top speed of the self-driving trucks?']) {
      const answer = getCore().ask(q);
      expect(answer.answered, q).toBe(false);
      expect(answer.citations, q).toEqual([]);
    }
  });
});

describe('Chinese as people type it', () => {
  it('folds Traditional to Simplified', () => {
    expect(foldChinese('數碼港')).toBe('数码港');
    expect(foldChinese('Cyberport')).toBe('Cyberport');
  });

  it('reads Cantonese and Simplified questions like the Traditional ones', () => {
    const core = getCore();
    for (const q of ['寧德時代喺香港做緊乜嘢？', '宁德时代在香港做什么？']) {
      const answer = core.ask(q);
      expect(answer.answered, q).toBe(true);
      expect(answer.entities[0]?.id, q).toBe('catl');
    }
  });

  it('reads "有咩消息", "最新動態", "新進展" as asking for news, as "what\'s new" is in English', () => {
    const core = getCore();
    const english = core.ask("What's new at Cyberport?");
    for (const q of ['數碼港最近有咩消息？', '數碼港有咩最新動態？', '数码港有什么新进展？']) {
      const answer = core.ask(q);
      expect(answer.answered, q).toBe(true);
      expect(answer.entities[0]?.id, q).toBe('cyberport');
      expect(answer.citations[0]?.quote, q).toBe(english.citations[0]?.quote);
    }
  });

  it('says it does not write poems or stories, in English and in Chinese, and still answers who wrote an article', () => {
    const core = getCore();
    for (const q of ['Write a poem about Cyberport', 'Could you write me a short story about Science Park?', '請寫一首關於香港科學園的詩。', '寫首歌俾數碼港']) {
      const answer = core.ask(q);
      expect(answer.answered, q).toBe(false);
      expect(answer.text, q).toContain("I don't write poems, stories or essays");
      expect(answer.citations, q).toEqual([]);
    }
    expect(core.ask('Who wrote the article on Cyberport?').answered).toBe(true);
  });

  it('declines a Chinese question about something it does not know', () => {
    const answer = getCore().ask('比亞迪喺香港投資幾多？');
    expect(answer.answered).toBe(false);
    // The name is quoted as typed, in Traditional characters, not in the folded Simplified form.
    expect(answer.text).toContain('"比亞');
    expect(answer.text).not.toContain('比亚');
  });
});

describe('lists and comparisons', () => {
  it('lists several companies, each with its own citation', () => {
    const answer = getCore().ask('Which firms are building research centres in Hong Kong?');
    expect(answer.answered).toBe(true);
    expect(answer.text.split('\n').length).toBeGreaterThanOrEqual(2);
    expect(answer.citations.length).toBeGreaterThanOrEqual(2);
    expect(new Set(answer.citations.map((c) => c.quote)).size).toBe(answer.citations.length);
    // Companies, not the institutes and centres the same sentences name.
    expect(answer.text).not.toMatch(/^• The Hong Kong \w+ (Research|Centre)/m);
  });

  it('compares two entities on a figure with a fact about each', () => {
    const answer = getCore().ask('Which puts more money into Hong Kong, Neta Auto or J2 Semiconductor?');
    expect(answer.text).toMatch(/J2/);
    expect(answer.text).toMatch(/Neta/);
    expect(answer.citations.length).toBe(2);
  });
});

describe('one decision trace', () => {
  it('explain reads the same candidates and verdict that ask answers from', () => {
    const engine = buildEngine(loadKnowledge('knowledge'), { maxAnswerLength: 500, maxCitations: 2 });
    const core = getCore();
    for (const q of ['What did CATL announce?', 'How do I bake bread?', 'who runs hkstp']) {
      const decision = decide(engine, q);
      const answer = core.ask(q);
      expect(answer.answered, q).toBe(decision.verdict.kind !== 'decline');
      if (answer.answered) expect(answer.citations[0]?.quote).toBe(decision.ranked[0]?.doc.quote);
    }
  });
});
