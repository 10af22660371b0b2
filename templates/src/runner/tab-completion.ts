// The Tab key at the fake shell's prompt, as the login shell's line editor behaves: readline (bash)
// completes, rings the bell when ambiguous, lists on a second Tab that changed nothing, asks
// "Display all N possibilities? (y or n)" from 100 candidates and pages with --More--; busybox ash
// redraws the whole line and lists on every further Tab.
import type { Completion } from '../_shell/complete';
import type { LineEditor } from './line-editor';

/** readline's completion-query-items default. */
export const QUERY_ITEMS = 100;

export interface TabHost {
  write: (text: string) => void;
  prompt: () => string;
  complete: (line: string, cursor: number) => Completion | undefined;
  columns: () => number;
  rows: () => number;
}

type Modal = { kind: 'query'; rows: string[] } | { kind: 'pager'; rows: string[]; next: number };

/** readline's rl_display_match_list: column-major, every column but the last padded to the widest + 2. */
export function readlineRows(matches: readonly string[], columns: number): string[] {
  const max = Math.max(...matches.map((m) => [...m].length)) + 2;
  let limit = Math.floor(columns / max);
  if (limit !== 1 && limit * max === columns) limit--;
  if (limit <= 0) limit = 1;
  const count = Math.ceil(matches.length / limit);
  const rows: string[] = [];
  for (let i = 0; i < count; i++) {
    let row = '';
    for (let j = 0; j < limit; j++) {
      const m = matches[i + j * count];
      if (m === undefined) break;
      row += m;
      if (j + 1 < limit) row += ' '.repeat(Math.max(1, max - [...m].length));
    }
    rows.push(row);
  }
  return rows;
}

/** busybox lineedit's showfiles(): column-major, the last name of a row unpadded. */
export function busyboxRows(matches: readonly string[], columns: number): string[] {
  const width = Math.max(...matches.map((m) => [...m].length)) + 2;
  let ncols = Math.floor(columns / width);
  let nrows = matches.length;
  if (ncols > 1) nrows = Math.ceil(matches.length / ncols);
  else ncols = 1;
  const rows: string[] = [];
  for (let r = 0; r < nrows; r++) {
    let row = '';
    let n = r;
    for (let c = 1; c < ncols && n + nrows < matches.length; n += nrows, c++) {
      const m = matches[n] ?? '';
      row += m + ' '.repeat(width - [...m].length);
    }
    rows.push(row + (matches[n] ?? ''));
  }
  return rows;
}

export class TabCompletion {
  private lastWasTab = false;
  private lastChanged = false;
  private modal: Modal | null = null;

  constructor(private readonly host: TabHost) {}

  /** A listing question or --More-- is waiting for a key. */
  get busy(): boolean {
    return this.modal !== null;
  }

  /** ^C: drops a waiting question or --More--. */
  reset(): void {
    this.modal = null;
    this.lastWasTab = false;
  }

  /** Any key other than Tab ends a run of Tabs. */
  otherKey(): void {
    this.lastWasTab = false;
  }

  tab(editor: LineEditor): void {
    const wasTab = this.lastWasTab;
    this.lastWasTab = true;
    const c = this.host.complete(editor.text, editor.cursorIndex);
    if (!c || c.total === 0) {
      this.lastChanged = false;
      return this.host.write('\x07');
    }
    const typed = editor.text.slice(c.start, editor.cursorIndex);
    const extra = c.text.startsWith(typed) ? c.text.slice(typed.length) : '';
    if (c.style === 'busybox') {
      if (wasTab && c.total > 1) {
        this.host.write(`\r\n${busyboxRows(c.matches, this.host.columns()).join('\r\n')}\r\n\r${editor.redraw(this.host.prompt())}\x1b[J`);
        return;
      }
      const ins = extra === '' ? '' : editor.insert(extra);
      this.host.write(`${ins === null || c.total > 1 ? '\x07' : ''}\r${editor.redraw(this.host.prompt())}\x1b[J`);
      return;
    }
    if (wasTab && !this.lastChanged && c.total > 1) return this.list(c, editor);
    const echo = extra === '' ? '' : editor.insert(extra);
    this.lastChanged = echo !== null && echo !== '';
    this.host.write((c.total > 1 || echo === null ? '\x07' : '') + (echo ?? ''));
  }

  private list(c: Completion, editor: LineEditor): void {
    const rows = readlineRows(c.matches, this.host.columns());
    this.pending = editor;
    if (c.total >= QUERY_ITEMS) {
      this.modal = { kind: 'query', rows };
      return this.host.write(`\r\nDisplay all ${c.total} possibilities? (y or n)`);
    }
    this.host.write('\r\n');
    this.page(rows, 0);
  }

  private pending: LineEditor | null = null;

  /** Prints rows from `from` until the screen is full (then --More--) or the list ends. */
  private page(rows: string[], from: number, budget = this.host.rows() - 1): void {
    let lines = 0;
    let i = from;
    let out = '';
    while (i < rows.length) {
      out += `${rows[i] ?? ''}\r\n`;
      i++;
      lines++;
      if (lines >= budget && i < rows.length) {
        this.modal = { kind: 'pager', rows, next: i };
        return this.host.write(`${out}--More--`);
      }
    }
    this.modal = null;
    this.host.write(out + this.redraw());
  }

  private redraw(): string {
    return this.pending?.redraw(this.host.prompt()) ?? this.host.prompt();
  }

  /** A key while a question or --More-- waits (readline's get_y_or_n). */
  key(ch: string): void {
    const m = this.modal;
    if (!m) return;
    const yes = ch === 'y' || ch === 'Y' || ch === ' ';
    const no = ch === 'n' || ch === 'N' || ch === '\x7f';
    if (m.kind === 'query') {
      if (yes) {
        this.host.write('\r\n');
        return this.page(m.rows, 0);
      }
      if (no || ch === '\x07') {
        this.modal = null;
        return this.host.write(`\r\n${this.redraw()}`);
      }
      return this.host.write('\x07');
    }
    const more = ch === '\r' || ch === '\n';
    if (yes || more) {
      this.host.write('\r\x1b[K\r');
      return this.page(m.rows, m.next, more ? 1 : this.host.rows() - 1);
    }
    if (no || ch === 'q' || ch === 'Q' || ch === '\x07') {
      this.modal = null;
      return this.host.write(`\r\x1b[K\r${this.redraw()}`);
    }
    this.host.write('\x07');
  }
}
