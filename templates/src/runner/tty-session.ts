// The terminal line discipline between a remote terminal and the fake shell, shared by the SSH pty
// channel and Telnet: canonical-mode editing like Linux n_tty (erase, ^C, ^D, ^U, ^W, ^L), echo
// off for password prompts, escape sequences swallowed, ONLCR on output, bounded line length.
import type { Shell } from '../_shell/shell';

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
}

type EscState = 'none' | 'esc' | 'csi' | 'ss3';
const MAX_ESC_CHARS = 32;

/** "\n" -> "\r\n" (termios ONLCR), without doubling an existing "\r\n". */
export function onlcr(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

export class TtyLineDiscipline {
  private line = '';
  private esc: EscState = 'none';
  private escLen = 0;
  private lastCr = false;
  private closed = false;
  private readonly decoder = new TextDecoder('utf-8', { fatal: false });

  constructor(private readonly opts: TtyOptions) {}

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

  private echo(text: string): void {
    if (!this.opts.shell.isSecretInput() && (this.opts.echo?.() ?? true)) this.opts.write(text);
  }

  private char(ch: string): void {
    const code = ch.codePointAt(0) ?? 0;
    if (this.esc !== 'none') return this.escape(code);
    const afterCr = this.lastCr;
    this.lastCr = code === 0x0d;
    // Telnet NVT sends CR LF or CR NUL for Enter (RFC 854); the second byte is not a new line.
    if (afterCr && (code === 0x0a || code === 0x00)) return;
    switch (code) {
      case 0x0d:
      case 0x0a:
        return this.enter();
      case 0x7f:
      case 0x08:
        return this.erase(1);
      case 0x03:
        this.opts.write('^C\r\n');
        this.line = '';
        this.opts.shell.interrupt();
        return this.opts.write(this.opts.shell.prompt());
      case 0x04:
        if (this.line === '' && !this.opts.shell.isSecretInput()) return this.submit('exit', false);
        return;
      case 0x15:
        return this.erase(this.line.length);
      case 0x17: {
        const kept = this.line.replace(/\S+\s*$/, '');
        return this.erase(this.line.length - kept.length);
      }
      case 0x0c:
        return this.opts.write(`\x1b[H\x1b[2J${this.opts.shell.prompt()}${this.opts.shell.isSecretInput() ? '' : this.line}`);
      case 0x1b:
        this.esc = 'esc';
        this.escLen = 0;
        return;
      case 0x09:
        return this.opts.write('\x07');
      default:
        if (code < 0x20 || (code >= 0x80 && code < 0xa0)) return;
        if (this.line.length >= this.opts.maxLineChars) return this.opts.write('\x07');
        this.line += ch;
        this.echo(ch);
    }
  }

  /** ECMA-48 §5.4: CSI parameters and intermediates until a final byte 0x40-0x7e; SS3 takes one byte. */
  private escape(code: number): void {
    this.escLen++;
    if (this.esc === 'esc') {
      this.esc = code === 0x5b ? 'csi' : code === 0x4f ? 'ss3' : 'none';
      return;
    }
    if (this.esc === 'ss3' || (code >= 0x40 && code <= 0x7e) || this.escLen > MAX_ESC_CHARS) this.esc = 'none';
  }

  private erase(count: number): void {
    let n = 0;
    while (n < count && this.line.length > 0) {
      const chars = [...this.line];
      chars.pop();
      this.line = chars.join('');
      n++;
    }
    if (n > 0) this.echo('\b \b'.repeat(n));
  }

  private enter(): void {
    const line = this.line;
    this.line = '';
    this.submit(line, true);
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
