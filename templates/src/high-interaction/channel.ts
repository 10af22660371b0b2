// The high-interaction container's report channel: one line per report, written to a FIFO by the PAM
// hook and the session wrapper (shell scripts), fields base64-encoded so attacker text needs no quoting.
// Every line is attacker-reachable (root in the container can write the FIFO): parsed, bounded, never run.
import { z } from 'zod';

/** Longest line read; the writers stay far below PIPE_BUF (4096), so a write is never interleaved. */
export const MAX_LINE_CHARS = 4096;

const b64 = (maxBytes: number) =>
  z
    .string()
    .max(Math.ceil(maxBytes / 3) * 4 + 4)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64')
    .transform((s) => Buffer.from(s, 'base64'));
const text = (maxBytes: number) => b64(maxBytes).transform((b) => b.subarray(0, maxBytes).toString('utf8'));
const pid = z.coerce.number().int().min(1).max(4_194_304);
const dim = z.coerce.number().int().min(0).max(1000);

/** `auth <success|failure> <sshd pid> <user> <rhost> <pam service> <secret>` from pam_exec (expose_authtok). */
export const AuthReportSchema = z.object({
  kind: z.literal('auth'),
  outcome: z.enum(['success', 'failure']),
  pid,
  user: text(256),
  rhost: text(256),
  service: text(32),
  secret: b64(1024),
});

/** `exec <pid> <user> <SSH_CLIENT> <command>`: a non-interactive command (ssh host cmd, scp, sftp). */
export const ExecReportSchema = z.object({ kind: z.literal('exec'), pid, user: text(64), client: text(128), cmd: text(2048) });

/** `start <pid> <id> <user> <SSH_CLIENT> <TERM> <cols> <rows>`: an interactive session under script(1). */
export const StartReportSchema = z.object({
  kind: z.literal('start'),
  pid,
  id: z.string().regex(/^[0-9]{1,40}$/),
  user: text(64),
  client: text(128),
  term: text(64),
  cols: dim,
  rows: dim,
});

export const ReportSchema = z.discriminatedUnion('kind', [AuthReportSchema, ExecReportSchema, StartReportSchema]);
export type Report = z.infer<typeof ReportSchema>;

const FIELDS: Record<Report['kind'], readonly string[]> = {
  auth: ['outcome', 'pid', 'user', 'rhost', 'service', 'secret'],
  exec: ['pid', 'user', 'client', 'cmd'],
  start: ['pid', 'id', 'user', 'client', 'term', 'cols', 'rows'],
};

/** One channel line as a report, or undefined (unknown kind, wrong arity, bad field). */
export function parseReport(line: string): Report | undefined {
  if (line.length > MAX_LINE_CHARS) return undefined;
  const [kind, ...rest] = line.replace(/[\r\n]+$/, '').split(' ');
  const names = FIELDS[kind as Report['kind']];
  if (!names || !Object.hasOwn(FIELDS, kind!)) return undefined;
  if (rest.length !== names.length) return undefined;
  const raw: Record<string, string> = { kind: kind! };
  // The writers put `-` for an empty field (base64 of nothing is nothing), so positions hold.
  names.forEach((n, i) => (raw[n] = rest[i] === '-' ? '' : rest[i]!));
  const r = ReportSchema.safeParse(raw);
  return r.success ? r.data : undefined;
}

/** `SSH_CLIENT` is "ip port localport"; anything else gives no address. */
export function parseSshClient(v: string): { ip: string; port: number } | undefined {
  const m = /^([0-9a-fA-F.:]{2,45}) ([0-9]{1,5}) [0-9]{1,5}$/.exec(v.trim());
  if (!m) return undefined;
  const port = Number(m[2]);
  return port > 0 && port < 65536 ? { ip: m[1]!.replace(/^::ffff:/, ''), port } : undefined;
}
export type StartReport = z.infer<typeof StartReportSchema>;
