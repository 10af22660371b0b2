// FTP control-connection parser (RFC 959 §4.1, §5.3): Telnet-encoded command lines ending in CRLF
// (bare LF tolerated), verb and argument split at the first space, and Telnet IAC sequences (RFC 854;
// clients send IAC IP / IAC DM before ABOR, §4.1.3) removed. Pull-based, bounded, no I/O.

export type FtpFrame = { kind: 'command'; verb: string; arg: string; raw: string } | { kind: 'too_long'; bytes: number };

const IAC = 0xff;

export class FtpParser {
  private buf: number[] = [];
  private iac: 0 | 1 | 2 = 0;
  private pending: FtpFrame[] = [];
  private overflow = 0;

  constructor(private readonly maxLineBytes: number) {}

  push(chunk: Uint8Array): void {
    for (const b of chunk) {
      // Telnet: IAC IAC is a literal 0xff; IAC WILL/WONT/DO/DONT take one option byte; other IAC x are commands.
      if (this.iac === 1) {
        this.iac = b >= 0xfb && b <= 0xfe ? 2 : 0;
        if (b === IAC) this.add(IAC);
        continue;
      }
      if (this.iac === 2) {
        this.iac = 0;
        continue;
      }
      if (b === IAC) {
        this.iac = 1;
        continue;
      }
      if (b === 0x0a) {
        this.finishLine();
        continue;
      }
      this.add(b);
    }
  }

  private add(b: number): void {
    if (this.buf.length < this.maxLineBytes) this.buf.push(b);
    else this.overflow++;
  }

  private finishLine(): void {
    if (this.overflow > 0) {
      this.pending.push({ kind: 'too_long', bytes: this.buf.length + this.overflow });
    } else {
      if (this.buf[this.buf.length - 1] === 0x0d) this.buf.pop();
      const raw = Buffer.from(this.buf).toString('utf8');
      const sp = raw.indexOf(' ');
      const verb = (sp < 0 ? raw : raw.slice(0, sp)).toUpperCase();
      this.pending.push({ kind: 'command', verb, arg: sp < 0 ? '' : raw.slice(sp + 1), raw });
    }
    this.buf = [];
    this.overflow = 0;
  }

  /** The oldest parsed frame; the session pauses reading while many are queued. */
  next(): FtpFrame | undefined {
    return this.pending.shift();
  }

  get queued(): number {
    return this.pending.length;
  }
}
