import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldForQuote, type Answer } from '../../src/core/index.js';
import { bundledCore } from '../support/core.js';

const core = bundledCore();
const bodies = new Map(core.knowledge.sources.map((s) => [s.id, foldForQuote(s.body)]));

function expectValid(answer: Answer) {
  expect(typeof answer.answered).toBe('boolean');
  expect(answer.text.length).toBeGreaterThan(0);
  expect(answer.text.length).toBeLessThanOrEqual(1400);
  expect(answer.citations.length).toBeLessThanOrEqual(6);
  for (const c of answer.citations) expect(bodies.get(c.source)).toContain(foldForQuote(c.quote));
  expect(Array.isArray(answer.entities)).toBe(true);
  expect(Array.isArray(answer.suggestions)).toBe(true);
  if (!answer.answered) expect(answer.citations).toEqual([]);
}

const nasty = fc.constantFrom('<b>', '</i>', '&amp;', '_', '*', '[', ']', '`', '@everyone', '\u0000', '\u202E', '\n', '🧑‍💻', '寧德時代', 'CATL', '?', '/org', '\\', '"', "'");

describe('the core never throws and stays within limits', () => {
  it('for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (q) => expectValid(core.ask(q))),
      { numRuns: 300 },
    );
  });

  it('for mixes of HTML, Markdown, control characters, emoji and mixed scripts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(nasty, fc.string({ unit: 'grapheme', maxLength: 20 })), { maxLength: 30 }), (parts) => expectValid(core.ask(parts.join(' ')))),
      { numRuns: 300 },
    );
  });

  it('for very long questions', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme-composite', minLength: 9_000, maxLength: 10_000 }), (q) => expectValid(core.ask(q))),
      { numRuns: 10 },
    );
    expectValid(core.ask('CATL '.repeat(2_000)));
    expectValid(core.ask(''));
  });

  it('for follow-up contexts that name unknown entities', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 50 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 5 }), (q, recent) => expectValid(core.ask(q, { recentEntities: recent }))),
      { numRuns: 200 },
    );
  });

  it('lookups never throw for any input', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (q) => {
        expect(core.complete(q).length).toBeLessThanOrEqual(25);
        expect(core.search(q).hits.length).toBeLessThanOrEqual(5);
        core.profile(q);
        core.latest(5, { entity: q });
      }),
      { numRuns: 200 },
    );
  });
});
