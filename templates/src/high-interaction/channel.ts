// The high-interaction container's report channel: one line per report, written to a FIFO by the PAM
// hook and the ssh/telnet session wrappers (shell scripts), fields base64-encoded so attacker text needs no quoting.
// Every line is attacker-reachable (root in the container can write the FIFO): parsed, bounded, never run.
import { z } from 'zod';

/** Longest line read; the writers stay far below PIPE_BUF (4096), so a write is never interleaved. */
export const MAX_LINE_CHARS = 4096;

const pid = z.coerce.number().int().min(1).max(4_194_304);
const dim = z.coerce.number().int().min(0).max(1000);
/** Every text field of a report in one base64 value, NUL-separated (one base64 process per report). */
const packed = z
  .string()
  .max(MAX_LINE_CHARS)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')
  .transform((s) => Buffer.from(s, 'base64'));

const text = (b: Buffer | undefined, maxBytes: number): string => (b ?? Buffer.alloc(0)).subarray(0, maxBytes).toString('utf8');

/** Splits a NUL-separated buffer into exactly `n` fields (the last keeps any NUL but a trailing one). */
function unpack(buf: Buffer, n: number): Buffer[] | undefined {
  const out: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < n - 1; i++) {
    const nul = buf.indexOf(0, at);
    if (nul < 0) return undefined;
    out.push(buf.subarray(at, nul));
    at = nul + 1;
  }
  let last = buf.subarray(at);
  if (last.length > 0 && last[last.length - 1] === 0) last = last.subarray(0, -1); // pam_exec writes the NUL of the C string
  out.push(last);
  return out;
}

/** `auth <success|failure> <sshd pid> <user\0rhost\0service\0password>` from pam_exec (expose_authtok). */
const AuthLine = z.object({ kind: z.literal('auth'), outcome: z.enum(['success', 'failure']), pid, packed });
/** `exec <pid> <user\0SSH_CLIENT\0command>`: a non-interactive command (ssh host cmd, scp, sftp). */
const ExecLine = z.object({ kind: z.literal('exec'), pid, packed });
/** `start <pid> <id> <cols> <rows> <user\0SSH_CLIENT\0TERM>`: an interactive session under script(1). */
const StartLine = z.object({ kind: z.enum(['start', 'tstart']), pid, id: z.string().regex(/^[0-9]{1,40}$/), cols: dim, rows: dim, packed });
/** `tstart <pid> <id> <cols> <rows> <TERM>`: a telnet connection's login under script(1), before login's prompt (no user yet). */

export interface AuthReport {
  kind: 'auth';
  outcome: 'success' | 'failure';
  pid: number;
  user: string;
  rhost: string;
  service: string;
  secret: Buffer;
}
export interface ExecReport {
  kind: 'exec';
  pid: number;
  user: string;
  client: string;
  cmd: string;
}
export interface StartReport {
  kind: 'start';
  /** ssh: the login shell starts after authentication; telnet: /bin/login starts, the shell after a success. */
  service: 'ssh' | 'telnet';
  pid: number;
  id: string;
  user: string;
  client: string;
  term: string;
  cols: number;
  rows: number;
}
export type Report = AuthReport | ExecReport | StartReport;

const FIELDS: Record<Report['kind'] | 'tstart', readonly string[]> = {
  auth: ['outcome', 'pid', 'packed'],
  exec: ['pid', 'packed'],
  start: ['pid', 'id', 'cols', 'rows', 'packed'],
  tstart: ['pid', 'id', 'cols', 'rows', 'packed'],
};

/** One channel line as a report, or undefined (unknown kind, wrong arity, bad field). */
export function parseReport(line: string): Report | undefined {
  if (line.length > MAX_LINE_CHARS) return undefined;
  const [kind, ...rest] = line.replace(/[\r\n]+$/, '').split(' ');
  if (!kind || !Object.hasOwn(FIELDS, kind)) return undefined;
  const names = FIELDS[kind as keyof typeof FIELDS];
  if (rest.length !== names.length) return undefined;
  const raw: Record<string, string> = { kind };
  // The writers put `-` for an empty field (base64 of nothing is nothing), so positions hold.
  names.forEach((n, i) => (raw[n] = rest[i] === '-' ? '' : rest[i]!));
  if (kind === 'auth') {
    const r = AuthLine.safeParse(raw);
    const f = r.success ? unpack(r.data.packed, 4) : undefined;
    if (!r.success || !f) return undefined;
    return { kind, outcome: r.data.outcome, pid: r.data.pid, user: text(f[0], 256), rhost: text(f[1], 256), service: text(f[2], 32), secret: f[3]!.subarray(0, 1024) };
  }
  if (kind === 'exec') {
    const r = ExecLine.safeParse(raw);
    const f = r.success ? unpack(r.data.packed, 3) : undefined;
    if (!r.success || !f) return undefined;
    return { kind, pid: r.data.pid, user: text(f[0], 64), client: text(f[1], 128), cmd: text(f[2], 2048) };
  }
  const r = StartLine.safeParse(raw);
  const f = r.success ? unpack(r.data.packed, kind === 'tstart' ? 1 : 3) : undefined;
  if (!r.success || !f) return undefined;
  const base = { kind: 'start', pid: r.data.pid, id: r.data.id, cols: r.data.cols, rows: r.data.rows } as const;
  if (kind === 'tstart') return { ...base, service: 'telnet', user: '', client: '', term: text(f[0], 64) };
  return { ...base, service: 'ssh', user: text(f[0], 64), client: text(f[1], 128), term: text(f[2], 64) };
}

/** `SSH_CLIENT` is "ip port localport"; anything else gives no address. */
export function parseSshClient(v: string): { ip: string; port: number } | undefined {
  const m = /^([0-9a-fA-F.:]{2,45}) ([0-9]{1,5}) [0-9]{1,5}$/.exec(v.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { ip: m[1]!.replace(/^::ffff:/, ''), port } : undefined;
}
