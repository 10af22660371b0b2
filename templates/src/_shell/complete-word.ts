// The word under the cursor for Tab completion, found the way readline/bash split the line: quotes
// and backslashes, command separators, and whether the word is in command position.

export interface CompletionWord {
  /** Index in the line where the word's raw text starts. */
  start: number;
  /** Raw text of the word up to the cursor (as typed, quotes and backslashes included). */
  raw: string;
  /** The word with quoting removed: what completion matches against. */
  literal: string;
  /** Quote still open at the cursor. */
  quote: '' | '"' | "'";
  /** First word of a simple command (after ;, |, &, (, `, $( or a keyword such as then). */
  commandPosition: boolean;
}

/** Keywords after which bash still expects a command name. */
const LEADING_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', 'time', '{']);
const SEPARATORS = new Set([';', '&', '|', '(', '`']);

export function wordAt(line: string, cursor: number): CompletionWord {
  const text = line.slice(0, Math.max(0, Math.min(cursor, line.length)));
  let start = 0;
  let literal = '';
  let quote: '' | '"' | "'" = '';
  let escaped = false;
  let commandPosition = true;
  let inWord = false;
  const endWord = (): void => {
    if (!inWord) return;
    inWord = false;
    commandPosition = commandPosition && LEADING_KEYWORDS.has(literal);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (escaped) {
      escaped = false;
      literal += c;
      continue;
    }
    if (quote === "'") {
      if (c === "'") quote = '';
      else literal += c;
      continue;
    }
    if (quote === '"') {
      if (c === '"') quote = '';
      else if (c === '\\' && i + 1 < text.length && '"\\$`'.includes(text[i + 1] ?? '')) escaped = true;
      else literal += c;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\n') {
      endWord();
      continue;
    }
    if (SEPARATORS.has(c) || c === '<' || c === '>') {
      endWord();
      // `$(` opens a command substitution: the next word is a command name again.
      if (c !== '<' && c !== '>') commandPosition = true;
      else commandPosition = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      start = i;
      literal = '';
      if (c === '$' && text[i + 1] === '(') {
        i++;
        inWord = false;
        commandPosition = true;
        continue;
      }
    }
    if (c === '\\') escaped = true;
    else if (c === "'" || c === '"') quote = c;
    else literal += c;
  }
  if (!inWord) return { start: text.length, raw: '', literal: '', quote: '', commandPosition };
  return { start, raw: text.slice(start), literal, quote, commandPosition };
}

const UNQUOTED_SPECIAL = /[\s"'\\$`&;|()<>*?[\]!{}#]/g;

/** Quote `text` for appending to a word whose quote state is `quote` (bash's filename quoting). */
export function quoteFor(text: string, quote: CompletionWord['quote']): string {
  if (quote === "'") return text.replace(/'/g, "'\\''");
  if (quote === '"') return text.replace(/(["\\$`])/g, '\\$1');
  return text.replace(UNQUOTED_SPECIAL, (m) => `\\${m}`);
}
