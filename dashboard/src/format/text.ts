// Attacker-controlled text made safe to *look at*: Preact text nodes already stop HTML injection;
// this also makes control characters, terminal escapes and bidi overrides visible instead of
// letting them reorder or hide what the operator reads.

// C0/C1 controls except tab and newline, DEL, zero-width and bidi formatting characters.
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

function escapeChar(c: string): string {
  const code = c.charCodeAt(0);
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Shows hidden characters as `\xNN` / `\uNNNN`; keeps tabs and newlines. */
export function visible(s: string | null | undefined): string {
  if (s === null || s === undefined) return '';
  return s.replace(INVISIBLE, escapeChar);
}

/** One-line form for table cells: hidden characters escaped, newlines as ⏎, bounded length. */
export function oneLine(s: string | null | undefined, maxChars = 160): string {
  if (s === null || s === undefined) return '';
  const v = visible(s.replace(/\r?\n/g, '⏎').replace(/\t/g, ' '));
  return v.length > maxChars ? `${v.slice(0, maxChars - 1)}…` : v;
}
