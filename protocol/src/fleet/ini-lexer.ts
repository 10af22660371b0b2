// INI tokenizer with Python configparser semantics (what DECNET's ini_loader uses): `=` or `:`
// delimiters, lower-cased keys, full-line `#`/`;` comments, indented continuation lines,
// strict duplicate checks, DEFAULT section, and %-interpolation (BasicInterpolation).
import { IniError } from './ini-error';

export interface IniEntry {
  key: string;
  /** Raw value (continuations joined with \n), before interpolation. */
  value: string;
  line: number;
}

export interface IniSection {
  name: string;
  line: number;
  entries: Map<string, IniEntry>;
}

export const DEFAULT_SECTION = 'DEFAULT';

export function lexIni(text: string): IniSection[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const sections: IniSection[] = [];
  const seen = new Map<string, number>();
  let current: IniSection | null = null;
  // The entry whose value later indented lines continue, and that key line's indentation.
  let open: { entry: IniEntry; indent: number; parts: string[]; blanks: number } | null = null;

  const close = (): void => {
    if (open) open.entry.value = open.parts.join('\n').trimEnd();
    open = null;
  };

  lines.forEach((raw, i) => {
    const lineNo = i + 1;
    const stripped = raw.trim();
    if (stripped.startsWith('#') || stripped.startsWith(';')) return;
    if (stripped === '') {
      if (open) open.blanks += 1; // configparser keeps blank lines inside multi-line values
      return;
    }
    const indent = raw.length - raw.trimStart().length;
    if (open && indent > open.indent) {
      for (; open.blanks > 0; open.blanks--) open.parts.push('');
      open.parts.push(stripped);
      return;
    }
    close();

    if (stripped.startsWith('[')) {
      const end = stripped.lastIndexOf(']');
      const name = end > 0 ? stripped.slice(1, end).trim() : '';
      if (end < 0) throw new IniError('syntax', lineNo, `unterminated section header ${stripped.slice(0, 80)}`);
      if (name === '') throw new IniError('syntax', lineNo, 'empty section name');
      const first = seen.get(name);
      if (first !== undefined) {
        throw new IniError('duplicate_section', lineNo, `duplicate section [${name}] (first at line ${first})`);
      }
      seen.set(name, lineNo);
      current = { name, line: lineNo, entries: new Map() };
      sections.push(current);
      return;
    }

    const delim = stripped.search(/[=:]/);
    if (delim < 0) throw new IniError('syntax', lineNo, `expected key=value, got ${JSON.stringify(stripped.slice(0, 80))}`);
    const key = stripped.slice(0, delim).trimEnd().toLowerCase();
    if (key === '') throw new IniError('syntax', lineNo, 'empty key');
    if (!current) throw new IniError('key_outside_section', lineNo, `key "${key}" outside a section`);
    const prev = current.entries.get(key);
    if (prev) {
      throw new IniError('duplicate_key', lineNo, `duplicate key "${key}" in [${current.name}] (first at line ${prev.line})`);
    }
    const entry: IniEntry = { key, value: '', line: lineNo };
    current.entries.set(key, entry);
    open = { entry, indent, parts: [stripped.slice(delim + 1).trim()], blanks: 0 };
  });
  close();
  return sections;
}

const MAX_INTERPOLATION_DEPTH = 10;

/**
 * configparser BasicInterpolation: `%%` is `%`, `%(name)s` is another key of the same section or
 * DEFAULT. Lenient where Python raises: an unknown reference or a lone `%` stays literal.
 */
export function interpolate(value: string, lookup: (key: string) => string | undefined, depth = 0): string {
  if (!value.includes('%')) return value;
  return value.replace(/%%|%\(([^)]*)\)s/g, (match, name: string | undefined) => {
    if (match === '%%') return '%';
    const ref = lookup((name ?? '').toLowerCase());
    if (ref === undefined || depth >= MAX_INTERPOLATION_DEPTH) return match;
    return interpolate(ref, lookup, depth + 1);
  });
}

/** Reads a section's values the way configparser does: DEFAULT fallback, then interpolation. */
export class SectionReader {
  constructor(
    readonly section: IniSection,
    private readonly defaults: IniSection | undefined,
  ) {}

  /** First present, non-empty entry among `keys` (aliases such as nmap_os / nmap-os). */
  entry(...keys: string[]): IniEntry | undefined {
    for (const k of keys) {
      const e = this.section.entries.get(k) ?? this.defaults?.entries.get(k);
      if (e && e.value !== '') return e;
    }
    return undefined;
  }

  value(e: IniEntry): string {
    return interpolate(e.value, (k) => (this.section.entries.get(k) ?? this.defaults?.entries.get(k))?.value);
  }

  /** Value of a structural key: `#`/`;` cannot occur in it, so a trailing ` # comment` is dropped. */
  plain(e: IniEntry): string {
    return this.value(e).replace(/\s+[#;].*$/s, '').trim();
  }
}
