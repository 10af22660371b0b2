// printf (bash builtin, also /usr/bin/printf): %s %d %i %x %o %c %b %% with width/precision/flags,
// backslash escapes in the format, and the format reused until all arguments are consumed.

import type { CommandSpec } from './types';
import { err } from './types';
import { echoEscapes } from './echo';

const MAX_ROUNDS = 1000;

function pad(text: string, flags: string, width: number): string {
  if (text.length >= width) return text;
  if (flags.includes('-')) return text.padEnd(width);
  if (flags.includes('0') && /^-?\d/.test(text)) {
    const neg = text.startsWith('-');
    return (neg ? '-' : '') + (neg ? text.slice(1) : text).padStart(width - (neg ? 1 : 0), '0');
  }
  return text.padStart(width);
}

export const printf: CommandSpec = {
  name: 'printf',
  path: '/usr/bin/printf',
  builtin: true,
  run(ctx) {
    const args = ctx.argv.slice(1);
    if (args[0] === '--') args.shift();
    const format = args.shift();
    if (format === undefined) return err(`${ctx.shellPrefix}: printf: usage: printf [-v var] format [arguments]\n`, 2);
    let result = '';
    let stderr = '';
    let rounds = 0;
    do {
      let i = 0;
      while (i < format.length) {
        const c = format[i] ?? '';
        if (c === '\\') {
          let j = i + 1;
          if (format[j] === 'x') j += Math.min(2, /^[0-9a-fA-F]{0,2}/.exec(format.slice(j + 1))?.[0].length ?? 0) + 1;
          else if (/[0-7]/.test(format[j] ?? '')) j += Math.min(3, /^[0-7]{1,3}/.exec(format.slice(j))?.[0].length ?? 1);
          else j += 1;
          result += echoEscapes(format.slice(i, j)).text;
          i = j;
          continue;
        }
        if (c !== '%') {
          result += c;
          i++;
          continue;
        }
        const m = /^%([-+ 0#]*)(\d*)(?:\.(\d+))?([sdibxXoc%u])/.exec(format.slice(i));
        if (!m) {
          result += c;
          i++;
          continue;
        }
        i += m[0].length;
        const [, flags = '', w = '', prec, conv] = m;
        const width = Math.min(Number.parseInt(w || '0', 10), 4096);
        if (conv === '%') {
          result += '%';
          continue;
        }
        const arg = args.shift() ?? '';
        if (conv === 's') result += pad(prec !== undefined ? arg.slice(0, Number(prec)) : arg, flags, width);
        else if (conv === 'b') result += pad(echoEscapes(arg).text, flags, width);
        else if (conv === 'c') result += pad(arg.slice(0, 1), flags, width);
        else {
          let n = arg === '' ? 0 : Number.parseInt(arg.startsWith("'") || arg.startsWith('"') ? String(arg.charCodeAt(1) || 0) : arg, arg.startsWith('0x') ? 16 : 10);
          if (Number.isNaN(n)) {
            stderr += `${ctx.shellPrefix}: printf: ${arg}: invalid number\n`;
            n = 0;
          }
          const text = conv === 'x' ? n.toString(16) : conv === 'X' ? n.toString(16).toUpperCase() : conv === 'o' ? n.toString(8) : String(Math.trunc(n));
          result += pad(flags.includes('+') && n >= 0 && (conv === 'd' || conv === 'i') ? `+${text}` : text, flags, width);
        }
      }
    } while (args.length > 0 && ++rounds < MAX_ROUNDS && /%[-+ 0#]*\d*(?:\.\d+)?[sdibxXoc]/.test(format));
    return { stdout: result, stderr, code: stderr ? 1 : 0 };
  },
};
