// The terminal line discipline between a remote terminal and the fake shell, shared by the SSH pty
// channel and Telnet: canonical-mode editing like Linux n_tty (erase, ^C, ^D, ^U, ^W, ^L), echo
// off for password prompts, cursor keys (readline's), Tab completion, ONLCR on output, bounded line.
import type { Shell } from '../_shell/shell';
import { LineEditor } from './line-editor';
import { TabCompletion } from './tab-completion';

export interface TtyOptions {
  shell: Shell;
  /** Bytes for the remote terminal. */
  write: (text: string) => void;
  /** The login shell exited (exit, logout, ^D): close the channel after the output was written. */
  onExit: () => void;
  /** Longest line kept (n_tty's 4095-byte canonical buffer); extra characters ring the bell. */
  maxLineChars: number;
  /** False while the remote side echoes locally (a telnet client that refused our ECHO). */
  echo?: () => boolean;
  /** Terminal size (pty-req / window-change, telnet NAWS) for completion listings; 80x24 when unknown. */
  columns?: () => number;
  rows?: () => number;
}

type EscState = 'none' | 'esc' | 'csi' | 'ss3';
const MAX_ESC_CHARS = 32;

/** "\n" -> "\r\n" (termios ONLCR), without doubling an existing "\r\n". */
export function onlcr(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class TtyLineDiscipline {
  private readonly editor: LineEditor;
  private readonly tab: TabCompletion;
  private esc: EscState = 'none';
  private escParams = '';
  private lastCr = false;
  private closed = false;
  /** Up/Down recall: index into the shell's history (null: editing a new line) and the line being typed. */
  private recall: number | null = null;
  private draft = '';
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly opts: TtyOptions) {
    this.editor = new LineEditor(opts.maxLineChars);
    this.tab = new TabCompletion({
      write: (t) => this.opts.write(t),
      prompt: () => this.opts.shell.prompt(),
      complete: (line, cursor) => this.opts.shell.complete?.(line, cursor),
      columns: () => Math.max(20, Math.min(500, this.opts.columns?.() ?? 80)),
      rows: () => Math.max(2, Math.min(500, this.opts.rows?.() ?? 24)),
    });
  }

  /** Banner (motd, last login) and the first prompt. */
  start(): void {
    this.opts.write(onlcr(this.opts.shell.banner()) + this.opts.shell.prompt());
  }

  /** The previous phase consumed a CR whose LF/NUL is still to come: do not read it as Enter. */
  skipNextLf(): void {
    this.lastCr = true;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  feed(chunk: Uint8Array | string): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    for (const ch of text) {
      if (this.closed) return;
      this.char(ch);
    }
  }

  private echoes(): boolean {
    return !this.opts.shell.isSecretInput() && (this.opts.echo?.() ?? true);
  }

  private echo(text: string | null): void {
    if (text === null) return this.opts.write('\x07');
    if (text !== '' && this.echoes()) this.opts.write(text);
  }

  private char(ch: string): void {
    const code = ch.codePointAt(0) ?? 0;
    if (this.esc !== 'none') return this.escape(code, ch);
    const afterCr = this.lastCr;
    this.lastCr = code === 0x0d;
    // Telnet NVT sends CR LF or CR NUL for Enter (RFC 854); the second byte is not a new line.
    if (afterCr && (code === 0x0a || code === 0x00)) return;
    if (this.tab.busy && code !== 0x03) return this.tab.key(ch);
    if (code !== 0x09) this.tab.otherKey();
    const ed = this.editor;
    switch (code) {
      case 0x0d:
      case 0x0a:
        return this.enter();
      case 0x7f:
      case 0x08:
        return this.echo(ed.eraseBack(1));
      case 0x03:
        this.tab.reset();
        this.opts.write('^C\r\n');
        ed.take();
        this.recall = null;
        this.opts.shell.interrupt();
        return this.opts.write(this.opts.shell.prompt());
      case 0x04:
        if (ed.length === 0 && !this.opts.shell.isSecretInput()) return this.submit('exit', false);
        return this.echo(ed.deleteForward());
      case 0x15:
        return this.echo(ed.eraseBack(ed.cursor));
      case 0x17:
        return this.echo(ed.eraseBack(ed.wordBackLength()));
      case 0x01:
        return this.echo(ed.home());
      case 0x05:
        return this.echo(ed.end());
      case 0x02:
        return this.echo(ed.left());
      case 0x06:
        return this.echo(ed.right());
      case 0x0b:
        return this.echo(ed.killToEnd());
      case 0x10:
        return this.history(-1);
      case 0x0e:
        return this.history(1);
      case 0x0c:
        return this.opts.write(`\x1b[H\x1b[2J${this.opts.shell.isSecretInput() ? this.opts.shell.prompt() : ed.redraw(this.opts.shell.prompt())}`);
      case 0x1b:
        this.esc = 'esc';
        this.escParams = '';
        return;
      case 0x09:
        // A password prompt reads a canonical line: Tab is just a character there.
        if (this.opts.shell.isSecretInput()) return void ed.insert('\t');
        if (!this.echoes()) return this.opts.write('\x07');
        return this.tab.tab(ed);
      default:
        if (code < 0x20 || (code >= 0x80 && code < 0xa0)) return;
        return this.echo(ed.insert(ch));
    }
  }

  /** ECMA-48 §5.4: CSI parameters and intermediates until a final byte 0x40-0x7e; SS3 takes one byte. */
  private escape(code: number, ch: string): void {
    if (this.esc === 'esc') {
      this.esc = code === 0x5b ? 'csi' : code === 0x4f ? 'ss3' : 'none';
      return;
    }
    const final = this.esc === 'ss3' || (code >= 0x40 && code <= 0x7e);
    if (!final) {
      this.escParams += ch;
      if (this.escParams.length > MAX_ESC_CHARS) this.esc = 'none';
      return;
    }
    this.esc = 'none';
    if (this.tab.busy) return;
    this.tab.otherKey();
    const key = ch === '~' ? this.escParams : ch;
    const ed = this.editor;
    // xterm/vt220 cursor keys: C right, D left, H/1~/7~ Home, F/4~/8~ End, 3~ Delete, A/B history.
    if (key === 'A' || key === 'B') this.history(key === 'A' ? -1 : 1);
    else if (key === 'C') this.echo(ed.right());
    else if (key === 'D') this.echo(ed.left());
    else if (key === 'H' || key === '1' || key === '7') this.echo(ed.home());
    else if (key === 'F' || key === '4' || key === '8') this.echo(ed.end());
    else if (key === '3') this.echo(ed.deleteForward());
  }

  /** readline's previous-history/next-history (^P/^N too): the bell past either end. */
  private history(step: -1 | 1): void {
    if (this.opts.shell.isSecretInput()) return;
    const lines = this.opts.shell.historyLines?.() ?? [];
    const at = this.recall ?? lines.length;
    const next = at + step;
    if (next < 0 || next > lines.length || (this.recall === null && step > 0)) return this.opts.write('\x07');
    if (this.recall === null) this.draft = this.editor.text;
    this.recall = next === lines.length ? null : next;
    this.echo(this.editor.setText(next === lines.length ? this.draft : lines[next] ?? ''));
  }

  private enter(): void {
    this.recall = null;
    this.submit(this.editor.take(), true);
  }

  private submit(line: string, echoNewline: boolean): void {
    if (echoNewline) this.echo('\r\n');
    else this.opts.write('\r\n');
    const result = this.opts.shell.execute(line);
    if (result.output !== '') this.opts.write(onlcr(result.output));
    if (result.exit) {
      this.closed = true;
      return this.opts.onExit();
    }
    this.opts.write(this.opts.shell.prompt());
  }
}
