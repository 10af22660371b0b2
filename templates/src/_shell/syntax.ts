// The syntax tree of a parsed line (bash(1) "SHELL GRAMMAR"): lists of pipelines of simple or
// compound commands, with their redirections. Pure data, produced by parse-line.ts.

import type { RedirOp, Word } from './lex-types';

export type { RedirOp, Word, WordPart } from './lex-types';

export interface Redir {
  fd: number | null;
  op: RedirOp;
  target: Word | null;
  /** Here-document text; `bodyWord` is set when it must be expanded (unquoted delimiter). */
  body?: string;
  bodyWord?: Word;
}

export interface Assign {
  name: string;
  value: Word;
}

export interface SimpleCommand {
  kind: 'simple';
  assigns: Assign[];
  words: Word[];
  redirs: Redir[];
}

export interface GroupCommand {
  kind: 'group';
  items: ListItem[];
  redirs: Redir[];
}

/** `{ list; }`: runs in the current shell. */
export interface BraceCommand {
  kind: 'brace';
  items: ListItem[];
  redirs: Redir[];
}

export interface IfCommand {
  kind: 'if';
  clauses: Array<{ cond: ListItem[]; body: ListItem[] }>;
  elseBody: ListItem[] | null;
  redirs: Redir[];
}

export interface ForCommand {
  kind: 'for';
  name: string;
  /** null: `for x; do` iterates over the positional parameters. */
  words: Word[] | null;
  body: ListItem[];
  redirs: Redir[];
}

export interface WhileCommand {
  kind: 'while';
  until: boolean;
  cond: ListItem[];
  body: ListItem[];
  redirs: Redir[];
}

export type Command = SimpleCommand | GroupCommand | BraceCommand | IfCommand | ForCommand | WhileCommand;

export interface Pipeline {
  commands: Command[];
  negate: boolean;
}

export interface ListItem {
  pipeline: Pipeline;
  /** Connector after this pipeline. */
  op: ';' | '&&' | '||' | '&';
  /** 1-based input line the pipeline starts on (for "line N:" in script errors). */
  line: number;
}

export type ParseResult =
  | { ok: true; items: ListItem[] }
  | { ok: false; incomplete: true }
  | { ok: false; incomplete: false; message: string };
