// A fingerprint of a text to tell whether a cached result is still current: not for secrets or for anything an
// attacker chooses (two 32-bit FNV-1a hashes with different offsets; a start need not load node:crypto for it).

/**
 * 16 hex characters that change whenever the text does (in practice: a chance collision is one in 2^64).
 *
 * @example
 * fingerprint('knowledge/sources/a.md:1204:1732870000000'); // 16 hex digits, e.g. '9f3c…'
 */
export function fingerprint(text: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');
  return `${hex(a)}${hex(b)}`;
}
