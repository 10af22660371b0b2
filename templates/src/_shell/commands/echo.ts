// echo (bash builtin, also /usr/bin/echo): -n, -e/-E with the escapes droppers use to write binary
// files byte by byte (\xHH, \0NNN, \NNN), producing one char per byte (latin1).

import type { CommandSpec } from './types';
import { out } from './types';

/** Interpret backslash escapes as `echo -e` / printf %b do; returns the text and whether \c stopped output. */
export function echoEscapes(s: string): { text: string; stop: boolean } {
  let outText = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c !== '\\' || i === s.length - 1) {
      outText += c;
      continue;
    }
    const n = s[++i] ?? '';
    const simple: Record<string, string> = { a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (n in simple) outText += simple[n];
    else if (n === 'c') return { text: outText, stop: true };
    else if (n === 'x') {
      let hex = '';
      while (hex.length < 2 && /[0-9a-fA-F]/.test(s[i + 1] ?? '')) hex += s[++i];
      outText += hex === '' ? '\\x' : String.fromCharCode(Number.parseInt(hex, 16));
    } else if (n === '0' || /[1-7]/.test(n)) {
      let oct = n === '0' ? '' : n;
      while (oct.length < 3 && /[0-7]/.test(s[i + 1] ?? '')) oct += s[++i];
      outText += String.fromCharCode(Number.parseInt(oct === '' ? '0' : oct, 8) & 0xff);
    } else outText += `\\${n}`;
  }
  return { text: outText, stop: false };
}

export const echo: CommandSpec = {
  name: 'echo',
  path: '/usr/bin/echo',
  builtin: true,
  run(ctx) {
    const args = ctx.argv.slice(1);
    let newline = true;
    let escapes = false;
    while (args.length > 0 && /^-[neE]+$/.test(args[0] ?? '')) {
      const flag = args.shift() ?? '';
      for (const f of flag.slice(1)) {
        if (f === 'n') newline = false;
        else if (f === 'e') escapes = true;
        else escapes = false;
      }
    }
    let text = args.join(' ');
    if (escapes) {
      const r = echoEscapes(text);
      if (r.stop) return out(r.text);
      text = r.text;
    }
    return out(newline ? `${text}\n` : text);
  },
};
