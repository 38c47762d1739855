// The pure Telegram renderer: escaping, splitting within the limit without breaking tags, callback data.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../../commands/types.js';
import { decodeAction, encodeAction, escapeHtml, escapeText, renderReply, splitHtml } from '../../../src/adapters/telegram/index.js';
import { parseTelegramHtml } from '../../support/telegram-html.js';

const visible = (html: string) => {
  const parsed = parseTelegramHtml(html);
  if ('error' in parsed) throw new Error(`${parsed.error}\n${html.slice(0, 300)}`);
  return parsed;
};

describe('telegram render: escaping', () => {
  it('escapes markup characters and defuses mentions', () => {
    expect(escapeHtml('<b>x</b> & "y"')).toBe('&lt;b&gt;x&lt;/b&gt; &amp; &quot;y&quot;');
    const parsed = visible(escapeText('<b>x</b> & _*[] @everyone'));
    expect(parsed.text.replace(/\u2060/g, '')).toBe('<b>x</b> & _*[] @everyone');
    expect(parsed.mentions).toEqual([]);
  });

  it('renders any notice, title and suggestion as valid Telegram HTML showing the text as typed', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), fc.string({ maxLength: 60 }), (text, title) => {
        const reply: Reply = { kind: 'notice', tone: 'error', title: title || undefined, text, suggestions: [title] } as Reply;
        const parsed = visible(renderReply(reply));
        expect(parsed.tags.every((t) => t === 'b' || t === 'i')).toBe(true);
        expect(parsed.mentions).toEqual([]);
        expect(parsed.text.replace(/\u2060/g, '')).toContain(text.trim() ? text.replace(/\u2060/g, '') : '');
      }),
      { numRuns: 200 },
    );
  });
});

describe('telegram render: splitting', () => {
  it('splits 5,000 characters of formatted text at line breaks, closing and reopening tags', () => {
    const line = (i: number) => `<b>Item ${i}</b> <i>${'quoted words &amp; more '.repeat(4)}</i>`;
    const html = `<i>${Array.from({ length: 60 }, (_, i) => line(i)).join('\n')}</i>`;
    expect(html.length).toBeGreaterThan(5000);
    const parts = splitHtml(html);
    expect(parts.length).toBe(2);
    for (const part of parts) {
      expect(part.length).toBeLessThanOrEqual(4096);
      expect(part.startsWith('<i>')).toBe(true);
      expect(part.endsWith('</i>')).toBe(true);
    }
    const text = parts.map((p) => visible(p).text).join('\n');
    expect(text).toBe(visible(html).text);
  });

  it('never exceeds the limit, never breaks a tag or an entity, never loses text', () => {
    const piece = fc.oneof(
      fc.string({ maxLength: 200 }).map(escapeText),
      fc.string({ maxLength: 40 }).map((s) => `<b>${escapeText(s)}</b>`),
      fc.string({ maxLength: 80 }).map((s) => `<a href="https://example.org/?q=1&amp;b=2">${escapeText(s)}</a>`),
      fc.constantFrom('\n', '\n\n', ' ', '&amp;', '😀'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 120 }), fc.integer({ min: 200, max: 4096 }), (pieces, limit) => {
        const html = pieces.join('');
        const parts = splitHtml(html, limit);
        for (const part of parts) {
          expect(part.length).toBeLessThanOrEqual(limit);
          visible(part);
        }
        const squash = (s: string) => s.replace(/\s+/g, '');
        expect(squash(parts.map((p) => visible(p).text).join(''))).toBe(squash(visible(html).text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('telegram callback data', () => {
  it('round-trips an action in at most 64 bytes', () => {
    const data = encodeAction({ label: 'More about CATL', command: 'org', args: 'catl' });
    expect(data).toBe('c:org:catl');
    expect(decodeAction(data)).toMatchObject({ command: 'org', args: 'catl' });
  });

  it('leaves out a button whose data would not fit, and refuses forged data', () => {
    expect(encodeAction({ label: 'x', command: 'org', args: '香港科技園'.repeat(5) })).toBeUndefined();
    for (const forged of ['', 'c:', 'c:rm -rf', 'c:unknown:1', 'x:org:catl', 'c:org:' + 'a'.repeat(70)]) expect(decodeAction(forged)).toBeUndefined();
  });
});
