// Lexer/parser: quoting, operators, redirections, assignments, aliases, here-documents, and the
// exact bash errors and continuation signals.

import { describe, it, expect } from 'vitest';
import { parseLine } from './parse-line';
import type { ListItem, SimpleCommand, Word } from './parse-line';

function words(items: ListItem[], i = 0, c = 0): string[] {
  const cmd = items[i]?.pipeline.commands[c] as SimpleCommand;
  return cmd.words.map((w: Word) => w.parts.map((p) => (p.t === 'lit' ? p.v : p.t === 'var' ? `<$${p.name}>` : p.t === 'cmd' ? `<(${p.src})>` : p.t === 'arith' ? `<((${p.src}))>` : `<~${p.user}>`)).join(''));
}

function parsed(line: string, aliases = new Map<string, string>()): ListItem[] {
  const r = parseLine(line, aliases);
  if (!r.ok) throw new Error(`parse failed: ${JSON.stringify(r)}`);
  return r.items;
}

describe('parseLine', () => {
  it('splits lists and pipelines with their connectors', () => {
    const items = parsed('a 1; b && c || d | e & f');
    expect(items.map((i) => i.op)).toEqual([';', '&&', '||', '&', ';']);
    expect(items[3]?.pipeline.commands).toHaveLength(2);
    expect(words(items, 3, 1)).toEqual(['e']);
  });

  it('handles quotes, escapes, expansions and tilde', () => {
    const items = parsed(`echo 'a $b' "c $d \\$e \\"q\\"" f\\ g $(ls -l) \`id\` $((1+2)) ~/x ~root \${HOME}`);
    expect(words(items)).toEqual(['echo', 'a $b', 'c <$d> $e "q"', 'f g', '<(ls -l)>', '<(id)>', '<((1+2))>', '<~>/x', '<~root>', '<$HOME>']);
  });

  it('parses redirections including fd duplication and here-strings', () => {
    const cmd = parsed('cmd >out 2>>err 2>&1 <in &>both <<<word')[0]?.pipeline.commands[0] as SimpleCommand;
    expect(cmd.redirs.map((r) => [r.fd, r.op, r.target?.raw ?? null])).toEqual([
      [null, '>', 'out'], [2, '>>', 'err'], [2, '>&', '1'], [null, '<', 'in'], [null, '&>', 'both'], [null, '<<<', 'word'],
    ]);
  });

  it('collects here-document bodies and marks quoted delimiters as literal', () => {
    const cmd = parsed("cat <<EOF\nline $X\nEOF\ncat <<'E'\n$Y\nE")[0]?.pipeline.commands[0] as SimpleCommand;
    expect(cmd.redirs[0]?.body).toBe('line $X\n');
    expect(cmd.redirs[0]?.bodyWord).toBeDefined();
    const second = parsed("cat <<EOF\nline $X\nEOF\ncat <<'E'\n$Y\nE")[1]?.pipeline.commands[0] as SimpleCommand;
    expect(second.redirs[0]?.body).toBe('$Y\n');
    expect(second.redirs[0]?.bodyWord).toBeUndefined();
  });

  it('separates leading assignments from words', () => {
    const cmd = parsed('A=1 B="x y" env C=3')[0]?.pipeline.commands[0] as SimpleCommand;
    expect(cmd.assigns.map((a) => a.name)).toEqual(['A', 'B']);
    expect(cmd.words.map((w) => w.raw)).toEqual(['env', 'C=3']);
  });

  it('expands aliases on the first word only, once per name', () => {
    const aliases = new Map([['ll', 'ls -alF'], ['ls', 'ls --color=auto']]);
    expect(words(parsed('ll /tmp', aliases))).toEqual(['ls', '--color=auto', '-alF', '/tmp']);
    expect(words(parsed('echo ll', aliases))).toEqual(['echo', 'll']);
    expect(words(parsed('"ll"', aliases))).toEqual(['ll']);
  });

  it('parses subshell groups and negation', () => {
    const items = parsed('! (cd /tmp; ls) > out');
    const p = items[0]?.pipeline;
    expect(p?.negate).toBe(true);
    expect(p?.commands[0]?.kind).toBe('group');
  });

  it('reports incomplete input for PS2 and syntax errors with bash wording', () => {
    for (const line of ["echo 'x", 'echo "x', 'echo $(x', 'a |', 'a &&', 'a ||', 'echo \\', '(a', 'cat <<EOF\nx']) {
      expect(parseLine(line)).toEqual({ ok: false, incomplete: true });
    }
    const err = (line: string): string => {
      const r = parseLine(line);
      return !r.ok && !r.incomplete ? r.message : 'ok';
    };
    expect(err('| a')).toBe("syntax error near unexpected token `|'");
    expect(err('a ;; b')).toBe("syntax error near unexpected token `;;'");
    expect(err('a >')).toBe("syntax error near unexpected token `newline'");
    expect(err('a )')).toBe("syntax error near unexpected token `)'");
    expect(err('()')).toBe("syntax error near unexpected token `)'");
    expect(err('; a')).toBe("syntax error near unexpected token `;'");
  });

  it('ignores comments and tracks line numbers', () => {
    const items = parsed('echo a # not this\necho b');
    expect(words(items, 0)).toEqual(['echo', 'a']);
    expect(items[1]?.line).toBe(2);
  });
});
