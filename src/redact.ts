// Secrets (tokens, passwords) cut out of any text a process prints; no dependencies, so every entry point can use it.

const secrets = new Set<string>();

/**
 * Register values (tokens) that must never appear in logs: the value, its URL-encoded form, and the secret half
 * of an `id:secret` token (the part that grants access, however the id around it is written).
 */
export function registerSecret(value: string | undefined): void {
  if (!value || value.length < 6) return;
  const variants = [value, encodeURIComponent(value)];
  const colon = value.indexOf(':');
  if (colon > 0 && value.length - colon - 1 >= 16) variants.push(value.slice(colon + 1));
  for (const variant of variants) secrets.add(variant);
}

/** The text with every registered secret, and anything shaped like a Telegram token, replaced by [redacted]. */
export function redact(text: string): string {
  let out = text;
  // Longest first: a whole token goes before its secret half, so it reads as one [redacted].
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(secret).join('[redacted]');
  // Telegram tokens in URLs (…/bot123:ABC/…) even when not registered.
  return out.replace(/bot\d+(?::|%3A)[\w-]{20,}/gi, 'bot[redacted]');
}
