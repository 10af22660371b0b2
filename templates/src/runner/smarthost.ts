// The runner's one outbound capability (smtp_relay, as DECNET's relay driver): an SMTP client that
// delivers probe messages only to the smarthost named in the listener's config, while a budget of
// deliveries lasts; each delivery is bounded (size, recipients, reply bytes) and time-limited.
import { createConnection, type Socket } from 'node:net';
import type { OutboundSmtp, RelayMessage, RelayResult } from '../template';

const MAX_RCPTS = 10;
const MAX_DATA_BYTES = 10 * 1024 * 1024;
const MAX_REPLY_BYTES = 16 * 1024;

/** Reads SMTP replies (RFC 5321 §4.2: "250-..." continues, "250 ..." ends) from one socket. */
class ReplyReader {
  private buf = '';
  private waiter: ((r: { code: number; text: string } | Error) => void) | undefined;
  private failed: Error | undefined;

  constructor(socket: Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (d: string) => {
      this.buf += d;
      if (this.buf.length > MAX_REPLY_BYTES) return this.fail(new Error('reply_too_long'));
      this.check();
    });
    socket.on('error', (e) => this.fail(e));
    socket.on('close', () => this.fail(new Error('connection_closed')));
  }

  private fail(e: Error): void {
    this.failed ??= e;
    const w = this.waiter;
    this.waiter = undefined;
    w?.(e);
  }

  private check(): void {
    if (!this.waiter) return;
    const lines = this.buf.split('\r\n');
    for (let i = 0; i < lines.length - 1; i++) {
      const m = /^(\d{3})([ -])(.*)$/.exec(lines[i] ?? '');
      if (m && m[2] === ' ') {
        this.buf = lines.slice(i + 1).join('\r\n');
        const w = this.waiter;
        this.waiter = undefined;
        w({ code: Number(m[1]), text: `${m[1]} ${m[3] ?? ''}` });
        return;
      }
    }
  }

  next(): Promise<{ code: number; text: string }> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiter = (r) => (r instanceof Error ? reject(r) : resolve(r));
      this.check();
    });
  }
}

/** RFC 5321 §4.5.2 dot-stuffing, CRLF line ends, and the final ".". */
function dataBlock(data: Uint8Array): Buffer {
  let text = Buffer.from(data).toString('latin1').replace(/\r?\n/g, '\r\n').replace(/(^|\r\n)\./g, '$1..');
  if (!text.endsWith('\r\n')) text += '\r\n';
  return Buffer.from(`${text}.\r\n`, 'latin1');
}

const clean = (addr: string): string => addr.replace(/[<>\r\n\s]/g, '').slice(0, 320);

export class Smarthost {
  private remaining: number;

  constructor(private readonly target: OutboundSmtp, private readonly timeoutMs = 30_000) {
    this.remaining = Math.max(0, Math.floor(target.maxDeliveries));
  }

  async deliver(msg: RelayMessage): Promise<RelayResult> {
    if (this.remaining <= 0) return { delivered: false, reason: 'budget_exhausted', remaining: 0 };
    if (msg.to.length === 0 || msg.to.length > MAX_RCPTS) return { delivered: false, reason: 'too_many_recipients', remaining: this.remaining };
    if (msg.data.length > MAX_DATA_BYTES) return { delivered: false, reason: 'too_large', remaining: this.remaining };
    // Reserve before any await so concurrent sessions can never exceed the budget; refund on failure.
    this.remaining--;
    try {
      const reply = await this.transact(msg);
      return { delivered: true, reply, remaining: this.remaining };
    } catch (e) {
      this.remaining++;
      return { delivered: false, reason: e instanceof Error ? e.message.slice(0, 200) : 'failed', remaining: this.remaining };
    }
  }

  private transact(msg: RelayMessage): Promise<string> {
    const socket = createConnection({ host: this.target.host, port: this.target.port });
    const timer = setTimeout(() => socket.destroy(new Error('timeout')), this.timeoutMs);
    const reader = new ReplyReader(socket);
    const expect = async (want: number, send?: string | Buffer): Promise<string> => {
      if (send !== undefined) socket.write(send);
      const r = await reader.next();
      if (Math.floor(r.code / 100) !== want) throw new Error(`upstream_rejected: ${r.text.slice(0, 160)}`);
      return r.text;
    };
    const run = async (): Promise<string> => {
      await expect(2);
      await expect(2, `EHLO ${msg.heloName.replace(/[^\w.-]/g, '').slice(0, 255) || 'localhost'}\r\n`);
      await expect(2, `MAIL FROM:<${clean(msg.from)}>\r\n`);
      for (const rcpt of msg.to) await expect(2, `RCPT TO:<${clean(rcpt)}>\r\n`);
      await expect(3, 'DATA\r\n');
      const done = await expect(2, dataBlock(msg.data));
      socket.end('QUIT\r\n');
      return done;
    };
    return run().finally(() => {
      clearTimeout(timer);
      setTimeout(() => socket.destroy(), 1000).unref();
    });
  }
}
