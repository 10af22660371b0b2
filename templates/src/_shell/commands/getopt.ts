// GNU getopt_long semantics shared by the commands: bundled short flags (-la), attached or separate
// option arguments (-n5, -n 5, --lines=5), `--`, option permutation, and GNU's error wording.

import { tryHelp } from './types';

export interface OptSpec {
  /** Short flags without an argument, e.g. "alhR". */
  flags?: string;
  /** Short options taking an argument, e.g. "nO". */
  withArg?: string;
  /** Long options: name -> short letter it aliases (or the long name itself); suffix "=" takes an argument. */
  long?: Record<string, string>;
  /** Stop at the first operand (POSIX mode, e.g. for sudo/env). */
  stopAtOperand?: boolean;
  /** Treat "-5" style numbers as operands or values (head/tail legacy syntax). */
  allowNumericFlags?: boolean;
}

export interface ParsedOpts {
  /** Flags seen, in order (short letters or long names). */
  flags: Set<string>;
  /** Last value of each option with an argument. */
  values: Map<string, string>;
  /** All values of each option, in order (e.g. grep -e, curl -H). */
  all: Map<string, string[]>;
  operands: string[];
}

export type OptResult = { ok: true; opts: ParsedOpts } | { ok: false; error: string };

export function getopt(cmd: string, argv: readonly string[], spec: OptSpec): OptResult {
  const flags = new Set<string>();
  const values = new Map<string, string>();
  const all = new Map<string, string[]>();
  const operands: string[] = [];
  const setValue = (k: string, v: string): void => {
    values.set(k, v);
    all.set(k, [...(all.get(k) ?? []), v]);
  };
  const short = spec.flags ?? '';
  const withArg = spec.withArg ?? '';
  const long = spec.long ?? {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--') {
      operands.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const matches = Object.keys(long).filter((k) => k.replace(/=$/, '') === name);
      const prefixed = matches.length > 0 ? matches : Object.keys(long).filter((k) => k.startsWith(name));
      if (prefixed.length === 0) return { ok: false, error: `${cmd}: unrecognized option '${a}'\n${tryHelp(cmd)}` };
      if (prefixed.length > 1 && !prefixed.every((k) => long[k] === long[prefixed[0] ?? ''])) {
        return { ok: false, error: `${cmd}: option '${a}' is ambiguous\n${tryHelp(cmd)}` };
      }
      const key = prefixed[0] ?? '';
      const target = long[key] ?? key;
      if (key.endsWith('=')) {
        const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
        if (value === undefined) return { ok: false, error: `${cmd}: option '--${key.slice(0, -1)}' requires an argument\n${tryHelp(cmd)}` };
        setValue(target.replace(/=$/, ''), value);
      } else {
        if (eq >= 0) return { ok: false, error: `${cmd}: option '--${key}' doesn't allow an argument\n${tryHelp(cmd)}` };
        flags.add(target);
      }
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !(spec.allowNumericFlags && /^-\d+$/.test(a))) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] ?? '';
        if (withArg.includes(c)) {
          const rest = a.slice(j + 1);
          const value = rest !== '' ? rest : argv[++i];
          if (value === undefined) return { ok: false, error: `${cmd}: option requires an argument -- '${c}'\n${tryHelp(cmd)}` };
          setValue(c, value);
          break;
        }
        if (!short.includes(c)) return { ok: false, error: `${cmd}: invalid option -- '${c}'\n${tryHelp(cmd)}` };
        flags.add(c);
      }
      continue;
    }
    operands.push(a);
    if (spec.stopAtOperand) {
      operands.push(...argv.slice(i + 1));
      break;
    }
  }
  return { ok: true, opts: { flags, values, all, operands } };
}
