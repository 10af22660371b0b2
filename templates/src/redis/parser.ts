// RESP2 request parser with redis-server's own rules (src/networking.c processInlineBuffer /
// processMultibulkBuffer), so malformed input gets the exact "Protocol error: ..." a real server
// sends. Pull-based: the session executes one command before the next is parsed (AUTH changes limits).
import { ByteQueue } from '../_io/byte-queue';
import { splitArgs } from './split-args';

/** PROTO_INLINE_MAX_SIZE: longest inline request or count line Redis buffers. */
export const INLINE_MAX_BYTES = 64 * 1024;
/** Limits Redis applies before AUTH when a password is required (CVE-2021-32675 fix). */
const UNAUTH_MAX_ARGS = 10;
const UNAUTH_MAX_BULK = 16384;

export type RespFrame =
  | { kind: 'command'; argv: Buffer[]; inline: boolean }
  /** Redis replies `-ERR <message>` and closes the connection. */
  | { kind: 'protocol_error'; message: string }
  /** Our own bound (not Redis's): the session ends with `oversized_input`. */
  | { kind: 'oversized'; bytes: number };

export interface RespLimits {
  /** Largest bulk string accepted (Redis: proto-max-bulk-len). */
  maxBulkBytes: number;
  /** Largest multibulk element count accepted. */
  maxArgs: number;
  /** Largest sum of argument sizes of one command. */
  maxCommandBytes: number;
}

/** Redis string2ll(): optional '-', digits, no leading zeros or '+', fits a signed 64-bit integer. */
export function string2ll(b: Uint8Array): number | null {
  const s = Buffer.from(b).toString('latin1');
  if (!/^(0|-?[1-9][0-9]*)$/.test(s) || s.length > 20) return null;
  const n = BigInt(s);
  if (n > 9223372036854775807n || n < -9223372036854775808n) return null;
  return Number(n);
}

export class RespParser {
  private readonly q = new ByteQueue();
  private multibulk = 0;
  private bulkLen = -1;
  private argv: Buffer[] = [];
  private argBytes = 0;
  private failed = false;
  /** Set by the session: true while a password is required and the client has not authenticated. */
  authRequired = false;

  constructor(private readonly limits: RespLimits) {}

  push(chunk: Uint8Array): void {
    if (!this.failed) this.q.push(chunk);
  }

  get buffered(): number {
    return this.q.length;
  }

  /** The next complete frame, or undefined until more bytes arrive. Nothing follows an error. */
  next(): RespFrame | undefined {
    while (!this.failed && this.q.length > 0) {
      const frame = this.multibulk > 0 || this.q.at(0) === 0x2a ? this.multibulkFrame() : this.inlineFrame();
      if (frame === 'wait') return undefined;
      if (frame === 'empty') continue;
      if (frame.kind !== 'command') {
        this.failed = true;
        this.q.clear();
      }
      return frame;
    }
    return undefined;
  }

  private fail(message: string): RespFrame {
    return { kind: 'protocol_error', message };
  }

  // processInlineBuffer: up to '\n' (strchr, so a NUL hides it), optional '\r' stripped.
  private inlineFrame(): RespFrame | 'wait' | 'empty' {
    const nl = this.q.indexOf(0x0a, 0, true);
    if (nl < 0) return this.q.length > INLINE_MAX_BYTES ? this.fail('Protocol error: too big inline request') : 'wait';
    const end = nl > 0 && this.q.at(nl - 1) === 0x0d ? nl - 1 : nl;
    const line = this.q.copy(0, end);
    this.q.skip(nl + 1);
    const args = splitArgs(line);
    if (args === null) return this.fail('Protocol error: unbalanced quotes in request');
    return args.length === 0 ? 'empty' : { kind: 'command', argv: args, inline: true };
  }

  /** A count line ending at the first '\r' (which must be followed by one more byte). */
  private countLine(tooBig: string): { value: Buffer; next: number } | RespFrame | 'wait' {
    const cr = this.q.indexOf(0x0d, 0, true);
    if (cr < 0) return this.q.length > INLINE_MAX_BYTES ? this.fail(tooBig) : 'wait';
    if (cr > this.q.length - 2) return 'wait';
    return { value: this.q.copy(1, cr), next: cr + 2 };
  }

  private multibulkFrame(): RespFrame | 'wait' | 'empty' {
    if (this.multibulk === 0) {
      const line = this.countLine('Protocol error: too big mbulk count string');
      if (line === 'wait' || 'kind' in line) return line;
      const n = string2ll(line.value);
      if (n === null || n > 2147483647) return this.fail('Protocol error: invalid multibulk length');
      if (n > UNAUTH_MAX_ARGS && this.authRequired) return this.fail('Protocol error: unauthenticated multibulk length');
      this.q.skip(line.next);
      if (n <= 0) return 'empty';
      if (n > this.limits.maxArgs) return { kind: 'oversized', bytes: n };
      this.multibulk = n;
      this.argv = [];
      this.argBytes = 0;
    }
    while (this.multibulk > 0) {
      if (this.bulkLen < 0) {
        const line = this.countLine('Protocol error: too big bulk count string');
        if (line === 'wait' || 'kind' in line) return line;
        const first = this.q.at(0);
        if (first !== 0x24) return this.fail(`Protocol error: expected '$', got '${String.fromCharCode(first)}'`);
        const n = string2ll(line.value);
        if (n === null || n < 0 || n > 512 * 1024 * 1024) return this.fail('Protocol error: invalid bulk length');
        if (n > UNAUTH_MAX_BULK && this.authRequired) return this.fail('Protocol error: unauthenticated bulk length');
        if (n > this.limits.maxBulkBytes || this.argBytes + n > this.limits.maxCommandBytes) {
          return { kind: 'oversized', bytes: this.argBytes + n };
        }
        this.q.skip(line.next);
        this.bulkLen = n;
      }
      // Redis skips the two bytes after the payload without checking that they are CRLF.
      if (this.q.length < this.bulkLen + 2) return 'wait';
      const arg = this.q.take(this.bulkLen);
      this.q.skip(2);
      this.argv.push(arg);
      this.argBytes += arg.length;
      this.bulkLen = -1;
      this.multibulk--;
    }
    const argv = this.argv;
    this.argv = [];
    return { kind: 'command', argv, inline: false };
  }
}
