// The login(1) phase of a telnet session: a small line editor for the user name (echoed) and the
// password (not echoed), bounded to 256 characters, CR LF / CR NUL aware (RFC 854 NVT).

const MAX_FIELD_CHARS = 256;

export interface LineReaderOptions {
  write: (text: string) => void;
  echo: () => boolean;
  /** Return false to stop reading (a check is pending); the rest of the input is handed back. */
  onLine: (line: string) => boolean;
  onInterrupt: () => void;
}

export class LoginLineReader {
  private buf = '';
  private lastCr = false;
  hidden = false;

  /** True when the last character was a CR whose LF/NUL has not arrived yet. */
  get pendingCr(): boolean {
    return this.lastCr;
  }

  constructor(private readonly opts: LineReaderOptions) {}

  /** Consume decoded NVT text; returns what was not consumed because onLine asked to stop. */
  feed(text: string): string {
    const chars = [...text];
    for (let i = 0; i < chars.length; i++) {
      const ch = chars[i] ?? '';
      const c = ch.codePointAt(0) ?? 0;
      const afterCr = this.lastCr;
      this.lastCr = c === 0x0d;
      if (afterCr && (c === 0x0a || c === 0x00)) continue;
      if (c === 0x0d || c === 0x0a) {
        const line = this.buf;
        this.buf = '';
        this.opts.write('\r\n');
        if (!this.opts.onLine(line)) {
          let next = i + 1;
          if (c === 0x0d && (chars[next] === '\n' || chars[next] === '\0')) {
            next++;
            this.lastCr = false;
          }
          return chars.slice(next).join('');
        }
      } else if (c === 0x7f || c === 0x08) {
        if (this.buf.length > 0) {
          this.buf = [...this.buf].slice(0, -1).join('');
          this.out('\b \b');
        }
      } else if (c === 0x03 || c === 0x04) {
        this.buf = '';
        this.opts.onInterrupt();
      } else if (c === 0x15) {
        this.out('\b \b'.repeat([...this.buf].length));
        this.buf = '';
      } else if (c >= 0x20 && c !== 0x7f && !(c >= 0x80 && c < 0xa0) && this.buf.length < MAX_FIELD_CHARS) {
        this.buf += ch;
        this.out(ch);
      }
    }
    return '';
  }

  private out(text: string): void {
    if (!this.hidden && this.opts.echo()) this.opts.write(text);
  }
}
