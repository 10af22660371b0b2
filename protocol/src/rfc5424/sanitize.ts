// Sanitisers that make any input safe to place in an RFC 5424 line: header tokens,
// SD-NAMEs, and free text (SD values, MSG) that must stay on exactly one line.
import { toWellFormed, truncateUnits } from '../util/bytes';
import { NILVALUE } from './constants';

/**
 * Header fields are 1*N PRINTUSASCII (RFC 5424 §6.2, %d33-126). Anything else becomes `_`;
 * empty input becomes the NILVALUE so the field count never changes.
 */
export function sanitizeHeaderToken(value: string | null | undefined, maxChars: number): string {
  if (value === null || value === undefined || value === '') return NILVALUE;
  let out = '';
  for (let i = 0; i < value.length && out.length < maxChars; i++) {
    const c = value.charCodeAt(i);
    // A surrogate pair becomes one `_`, not two.
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    out += c >= 33 && c <= 126 ? value[i] : '_';
  }
  return out;
}

/**
 * SD-NAME (RFC 5424 §6.3.3) allows PRINTUSASCII except `=`, SP, `]`, `"`; we emit the
 * stricter `\w` set because DECNET's collector matches parameter names with `(\w+)=`.
 * Returns '' only for an empty name, which callers skip.
 */
export function sanitizeParamName(name: string, maxChars: number): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_').slice(0, maxChars);
}

// CR, LF and the other characters that some readers treat as line breaks (VT, FF, FS, GS,
// RS, NEL, LS, PS) plus the remaining C0/C1 controls (terminal escape injection in log
// viewers) become a space. TAB is kept. NUL is removed.
const LINE_BREAKING = /[\x01-\x08\x0a-\x1f\x7f-\x9f\u2028\u2029]/g;

/** Make attacker text single-line, well-formed and at most maxChars UTF-16 units long. */
export function sanitizeText(value: string, maxChars: number): string {
  const capped = truncateUnits(value, maxChars * 2);
  const clean = toWellFormed(capped.replace(/\x00/g, '').replace(LINE_BREAKING, ' '));
  return truncateUnits(clean, maxChars);
}

/** SD-PARAM value escaping, RFC 5424 §6.3.3: `"`, `\` and `]` get a backslash. */
export function escapeParamValue(value: string): string {
  return value.replace(/[\\"\]]/g, (c) => `\\${c}`);
}

/** Inverse of escapeParamValue; `\` before any other character stays literal (§6.3.3). */
export function unescapeParamValue(raw: string): string {
  return raw.replace(/\\([\\"\]])/g, '$1');
}

export function stringifyParamValue(v: unknown): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  return null;
}
