// tr(1): translate, -d delete and -s squeeze, with ranges, escapes and [:classes:].

import type { CommandSpec } from './types';
import { err, out } from './types';

function expandSet(set: string): string {
  const classes: Record<string, string> = { '[:lower:]': 'abcdefghijklmnopqrstuvwxyz', '[:upper:]': 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', '[:digit:]': '0123456789', '[:space:]': ' \t\n\r\f\v', '[:alpha:]': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', '[:alnum:]': 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789' };
  let s = set;
  for (const [k, val] of Object.entries(classes)) s = s.split(k).join(val);
  s = s.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\r/g, '\r').replace(/\\\\/g, '\\');
  let outSet = '';
  for (let i = 0; i < s.length && outSet.length < 4096; i++) {
    const a = s[i] ?? '';
    const b = s[i + 2];
    if (s[i + 1] === '-' && b !== undefined && b >= a) {
      for (let c = a.charCodeAt(0); c <= b.charCodeAt(0) && outSet.length < 4096; c++) outSet += String.fromCharCode(c);
      i += 2;
    } else outSet += a;
  }
  return outSet;
}

export const tr: CommandSpec = {
  name: 'tr',
  path: '/usr/bin/tr',
  run(ctx) {
    const args = ctx.argv.slice(1);
    let del = false;
    let squeeze = false;
    while ((args[0] ?? '').startsWith('-') && (args[0] ?? '').length > 1) {
      const a = args.shift() ?? '';
      if (a.includes('d')) del = true;
      if (a.includes('s')) squeeze = true;
    }
    const s1 = args[0];
    if (s1 === undefined) return err("tr: missing operand\nTry 'tr --help' for more information.\n");
    const from = expandSet(s1);
    const to = args[1] !== undefined ? expandSet(args[1]) : '';
    if (!del && !squeeze && args[1] === undefined) return err(`tr: missing operand after '${s1}'\nTwo strings must be given when translating.\nTry 'tr --help' for more information.\n`);
    let text = '';
    let prev = '';
    for (const c of ctx.stdin ?? '') {
      const i = from.indexOf(c);
      let r = c;
      if (i >= 0) {
        if (del) continue;
        r = to === '' ? c : (to[Math.min(i, to.length - 1)] ?? c);
      }
      if (squeeze && r === prev && (to.includes(r) || from.includes(r))) continue;
      text += r;
      prev = r;
    }
    return out(text);
  },
};
