// The scp "sink" side of the legacy scp/rcp protocol (`scp -t`, used by `scp -O` and old clients):
// control lines C/D/E/T ending in LF, then exactly <size> file bytes and a status byte. There is no
// RFC; the protocol is defined by OpenSSH's scp.c (sink()). Input may be split anywhere.

export type ScpFrame =
  | { kind: 'file'; mode: string; size: number; name: string }
  | { kind: 'dir'; mode: string; name: string }
  | { kind: 'end-dir' }
  | { kind: 'times' }
  | { kind: 'data'; bytes: Uint8Array }
  | { kind: 'file-done' }
  | { kind: 'warning'; text: string }
  | { kind: 'error'; reason: string };

const MAX_CONTROL_LINE = 1024;

/** scp.c sink(): "C%04o %lld %s\n", "D%04o 0 %s\n", "E\n", "T%lu 0 %lu 0\n"; 0x01/0x02 carry messages. */
export function parseControl(line: string): ScpFrame {
  const type = line.charAt(0);
  if (type === 'E') return { kind: 'end-dir' };
  if (type === 'T') return /^T\d+ \d+ \d+ \d+$/.test(line) ? { kind: 'times' } : { kind: 'error', reason: 'mtime.sec not delimited' };
  if (type === '\x01' || type === '\x02') return { kind: 'warning', text: line.slice(1) };
  const m = /^([CD])([0-7]{4}) (\d{1,19}) ([^/\n]+)$/.exec(line);
  if (!m) return { kind: 'error', reason: 'bad mode' };
  const [, t, mode = '', size = '0', name = ''] = m;
  if (name === '..' || name === '.') return { kind: 'error', reason: `error: unexpected filename: ${name}` };
  return t === 'C' ? { kind: 'file', mode, size: Number(size), name } : { kind: 'dir', mode, name };
}

/** Incremental parser: feed bytes, get frames. Bounded: control lines over 1 KiB are an error. */
export class ScpSinkParser {
  private line: number[] = [];
  private remaining = 0;
  private awaitingStatus = false;
  private failed = false;

  feed(chunk: Uint8Array): ScpFrame[] {
    const out: ScpFrame[] = [];
    let i = 0;
    while (i < chunk.length && !this.failed) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - i);
        out.push({ kind: 'data', bytes: chunk.subarray(i, i + n) });
        this.remaining -= n;
        i += n;
        if (this.remaining === 0) this.awaitingStatus = true;
        continue;
      }
      const b = chunk[i++] ?? 0;
      if (this.awaitingStatus) {
        // The source ends each file with one status byte (0 = ok).
        this.awaitingStatus = false;
        out.push({ kind: 'file-done' });
        continue;
      }
      if (b !== 0x0a) {
        if (this.line.length >= MAX_CONTROL_LINE) {
          this.failed = true;
          out.push({ kind: 'error', reason: 'protocol error: line too long' });
          break;
        }
        this.line.push(b);
        continue;
      }
      const text = Buffer.from(this.line).toString('utf8');
      this.line = [];
      const frame = parseControl(text);
      out.push(frame);
      if (frame.kind === 'error') {
        this.failed = true;
        break;
      }
      if (frame.kind === 'file') {
        this.remaining = frame.size;
        if (frame.size === 0) this.awaitingStatus = true;
      }
    }
    return out;
  }
}

/** Parse `scp [-r] [-d] [-p] [-v] [-q] -t [--] TARGET`; null when the command is not an scp sink. */
export function scpSinkTarget(command: string): string | null {
  const m = /^\s*scp((?:\s+-[a-zA-Z]+)*)\s+-t((?:\s+-[a-zA-Z]+)*)(?:\s+--)?\s+(.+?)\s*$/.exec(command);
  if (!m) return null;
  return m[3]?.replace(/^(['"])(.*)\1$/, '$2') ?? null;
}
