// IMAP argument syntax (RFC 3501 §4 and §9): atoms (a section "[...]" may follow, with spaces and
// parentheses inside, as in BODY.PEEK[HEADER.FIELDS (FROM)]), quoted strings, literals, NIL and
// parenthesised lists. Works over the parser's text pieces and literal bytes; depth and count bounded.
import type { Segment } from './parser';

export type ImapArg =
  | { t: 'atom'; v: string }
  | { t: 'string'; v: Buffer }
  | { t: 'list'; v: ImapArg[] }
  | { t: 'nil' };

export interface ParsedCommand {
  tag: string;
  name: string;
  args: ImapArg[];
}

export class ArgError extends Error {}

const MAX_DEPTH = 16;
const MAX_ARGS = 2000;

/** Splits a command into tag, name and arguments; throws ArgError on bad syntax. */
export function parseCommand(segments: Segment[]): ParsedCommand {
  const all = parseArgs(segments);
  const [tag, name, ...args] = all;
  return {
    tag: tag?.t === 'atom' ? tag.v : '',
    name: name?.t === 'atom' ? name.v.toUpperCase() : '',
    args,
  };
}

export function parseArgs(segments: Segment[]): ImapArg[] {
  const root: ImapArg[] = [];
  const stack: ImapArg[][] = [root];
  let count = 0;
  const add = (a: ImapArg): void => {
    if (++count > MAX_ARGS) throw new ArgError('Too many arguments');
    stack[stack.length - 1]?.push(a);
  };
  for (let s = 0; s < segments.length; s++) {
    const seg = segments[s];
    if (seg === undefined) continue;
    if (typeof seg !== 'string') {
      add({ t: 'string', v: seg });
      continue;
    }
    // A literal's "{n}" announcement ends this piece; the bytes are the next segment.
    const text = s < segments.length - 1 ? seg.replace(/\{\d{1,20}\+?\}$/, '') : seg;
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === ' ') {
        i++;
      } else if (c === '(') {
        if (stack.length > MAX_DEPTH) throw new ArgError('Too deep nesting');
        const list: ImapArg[] = [];
        add({ t: 'list', v: list });
        stack.push(list);
        i++;
      } else if (c === ')') {
        if (stack.length === 1) throw new ArgError('Unexpected \')\'');
        stack.pop();
        i++;
      } else if (c === '"') {
        let out = '';
        i++;
        for (;;) {
          if (i >= text.length) throw new ArgError('Missing \'"\'');
          const ch = text[i];
          if (ch === '\\' && i + 1 < text.length) {
            out += text[i + 1];
            i += 2;
          } else if (ch === '"') {
            i++;
            break;
          } else {
            out += ch;
            i++;
          }
        }
        add({ t: 'string', v: Buffer.from(out, 'latin1') });
      } else {
        let j = i;
        let depth = 0;
        while (j < text.length) {
          const ch = text[j];
          if (ch === '[') depth++;
          else if (ch === ']') depth = Math.max(0, depth - 1);
          else if (depth === 0 && (ch === ' ' || ch === '(' || ch === ')' || ch === '"')) break;
          j++;
        }
        const atom = text.slice(i, j);
        add(atom.toUpperCase() === 'NIL' ? { t: 'nil' } : { t: 'atom', v: atom });
        i = j;
      }
    }
  }
  if (stack.length !== 1) throw new ArgError('Missing \')\'');
  return root;
}

/** An astring argument (atom, quoted or literal) as UTF-8 text, or undefined. */
export function astring(a: ImapArg | undefined, max = 1024): string | undefined {
  if (!a) return undefined;
  if (a.t === 'atom') return a.v.slice(0, max);
  if (a.t === 'string') return a.v.subarray(0, max).toString('utf8');
  return undefined;
}
