// Telnet stream parser (RFC 854 "TELNET PROTOCOL SPECIFICATION", RFC 855 option subnegotiation):
// separates NVT data from IAC commands, undoubles IAC IAC, and collects SB ... IAC SE bodies.
// Input may be split anywhere; subnegotiation bodies are bounded (excess is dropped, flagged).

export const IAC = 255;
export const DONT = 254;
export const DO = 253;
export const WONT = 252;
export const WILL = 251;
export const SB = 250;
export const SE = 240;

export type TelnetEvent =
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'negotiate'; verb: typeof DO | typeof DONT | typeof WILL | typeof WONT; option: number }
  | { kind: 'subneg'; option: number; data: Uint8Array; truncated: boolean }
  /** Two-byte commands of RFC 854 (NOP, Data Mark, Break, IP, AO, AYT, EC, EL, GA). */
  | { kind: 'command'; code: number };

type State = 'data' | 'iac' | 'verb' | 'sb-option' | 'sb-data' | 'sb-iac';

export class TelnetParser {
  private state: State = 'data';
  private verb = 0;
  private sbOption = 0;
  private sb: number[] = [];
  private sbTruncated = false;

  constructor(private readonly maxSubnegBytes = 512) {}

  feed(chunk: Uint8Array): TelnetEvent[] {
    const out: TelnetEvent[] = [];
    let dataStart = -1;
    const flush = (end: number): void => {
      if (dataStart >= 0 && end > dataStart) out.push({ kind: 'data', bytes: chunk.subarray(dataStart, end) });
      dataStart = -1;
    };
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i] ?? 0;
      switch (this.state) {
        case 'data':
          if (b === IAC) {
            flush(i);
            this.state = 'iac';
          } else if (dataStart < 0) dataStart = i;
          break;
        case 'iac':
          // §"The TELNET Command Structure": IAC IAC is a data byte 255.
          if (b === IAC) {
            out.push({ kind: 'data', bytes: Uint8Array.of(IAC) });
            this.state = 'data';
          } else if (b === DO || b === DONT || b === WILL || b === WONT) {
            this.verb = b;
            this.state = 'verb';
          } else if (b === SB) this.state = 'sb-option';
          else {
            out.push({ kind: 'command', code: b });
            this.state = 'data';
          }
          break;
        case 'verb':
          out.push({ kind: 'negotiate', verb: this.verb as typeof DO, option: b });
          this.state = 'data';
          break;
        case 'sb-option':
          this.sbOption = b;
          this.sb = [];
          this.sbTruncated = false;
          this.state = 'sb-data';
          break;
        case 'sb-data':
          if (b === IAC) this.state = 'sb-iac';
          else this.sbPush(b);
          break;
        case 'sb-iac':
          // RFC 855: the body ends at IAC SE; IAC IAC inside it is a data 255.
          if (b === SE) {
            out.push({ kind: 'subneg', option: this.sbOption, data: Uint8Array.from(this.sb), truncated: this.sbTruncated });
            this.sb = [];
            this.state = 'data';
          } else if (b === IAC) {
            this.sbPush(IAC);
            this.state = 'sb-data';
          } else {
            // A command inside SB is a protocol error; end the subnegotiation and honour the command.
            out.push({ kind: 'subneg', option: this.sbOption, data: Uint8Array.from(this.sb), truncated: true });
            this.sb = [];
            this.state = 'iac';
            i--;
          }
          break;
      }
    }
    if (this.state === 'data') flush(chunk.length);
    return out;
  }

  private sbPush(b: number): void {
    if (this.sb.length < this.maxSubnegBytes) this.sb.push(b);
    else this.sbTruncated = true;
  }
}

/** Double every IAC in outgoing data (RFC 854). */
export function escapeIac(bytes: Uint8Array): Uint8Array {
  if (!bytes.includes(IAC)) return bytes;
  const out: number[] = [];
  for (const b of bytes) {
    out.push(b);
    if (b === IAC) out.push(IAC);
  }
  return Uint8Array.from(out);
}
