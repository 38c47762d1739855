// Article text on the way in: Unicode cleaned, binaries and oversized text recognised (properties over any string).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanUnicode, sentenceProblem, textProblem } from '../../src/core/knowledge/article-text.js';
import { parseYaml } from '../../src/core/knowledge/yaml.js';
import { stringify } from 'yaml';

describe('cleanUnicode', () => {
  it('removes noncharacters, lone surrogates and control characters, keeping line breaks, tabs, emoji and Chinese', () => {
    expect(cleanUnicode('A\uFFFE title\uFFFF\r\n數碼港\t😀 \uD800x\uDC00y \uFDD0z\u{1FFFE}\u0000\u0007\u0085.')).toBe('A title\n數碼港\t😀 xy z.');
  });

  it('leaves text that any YAML writer and the loader round-trip, whatever it was', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (raw) => {
        const text = cleanUnicode(raw);
        expect(text).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\uFFFE\uFFFF\uFDD0-\uFDEF]|\p{Cs}/u);
        expect(parseYaml(stringify({ title: text }))).toEqual({ title: text });
      }),
      { numRuns: 300 },
    );
  });
});

describe('textProblem', () => {
  it('accepts UTF-8 text and refuses NUL bytes, invalid UTF-8, control characters and text over the limit', () => {
    expect(textProblem(Buffer.from('Cyberport said 數碼港 will grow.\n'))).toBeUndefined();
    expect(textProblem(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]))).toMatch(/not text .*NUL/);
    expect(textProblem(Buffer.from([0x43, 0xe9, 0x20, 0x41]))).toMatch(/not UTF-8/);
    expect(textProblem('\u0001\u0002\u0003 abc')).toMatch(/control characters/);
    expect(textProblem('x'.repeat(2001), { maxBytes: 2000, maxSentences: 10 })).toBe('the file is 3 KB of text, more than the 2 KB an article may be (ARTICLE_MAX_BYTES)');
    expect(sentenceProblem(0)).toMatch(/no sentences/);
    expect(sentenceProblem(11, { maxBytes: 1, maxSentences: 10 })).toMatch(/11 sentences, more than the 10 .*ARTICLE_MAX_SENTENCES/);
  });
});
