// Logging in as an attacker would: a made-up password must be refused (D8, accept-any-password), and
// with the persona's own account the shell must answer like the OS it claims (D4/D5).
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { printable } from './probe';
import { runTool } from './tools';

export type LoginOutcome = 'refused' | 'accepted' | 'unknown';

/** Plain-text dialogue: wait for `expect`, then send `send`; resolves with everything read. */
function dialogue(host: string, port: number, steps: Array<[RegExp, string]>, finalWaitMs: number): Promise<string> {
  return new Promise((resolve) => {
    const sock = connect({ host, port });
    let got = '';
    let step = 0;
    let timer = setTimeout(() => finish(), 5000);
    const finish = (): void => {
      clearTimeout(timer);
      sock.destroy();
      resolve(got);
    };
    sock.on('data', (d: Buffer) => {
      // Telnet: refuse every option (WONT/DONT), as a dumb client does; netkit waits for the answer.
      for (let i = 0; i + 2 < d.length; i++) {
        if (d[i] === 255 && (d[i + 1] === 253 || d[i + 1] === 251)) sock.write(Buffer.from([255, d[i + 1] === 253 ? 252 : 254, d[i + 2]!]));
      }
      got = (got + printable(d)).slice(-4000);
      const next = steps[step];
      if (next && next[0].test(got)) {
        step++;
        sock.write(next[1]);
        if (step === steps.length) {
          clearTimeout(timer);
          timer = setTimeout(finish, finalWaitMs);
        }
      }
    });
    sock.on('error', finish);
    sock.on('close', finish);
  });
}

const junk = (): string => `zq${randomBytes(6).toString('hex')}`;

export async function telnetRandomLogin(host: string, port: number, failureWaitMs = 4500): Promise<{ outcome: LoginOutcome; seen: string }> {
  const seen = await dialogue(host, port, [[/(login|Username): $/i, `root\r\n`], [/[Pp]assword: $/, `${junk()}\r\n`]], failureWaitMs);
  const tail = seen.slice(-300);
  if (/incorrect|failed|invalid|denied/i.test(tail)) return { outcome: 'refused', seen: tail };
  if (/[#$>] $/.test(tail)) return { outcome: 'accepted', seen: tail };
  return { outcome: 'unknown', seen: tail };
}

export async function ftpRandomLogin(host: string, port: number): Promise<{ outcome: LoginOutcome; seen: string }> {
  const seen = await dialogue(host, port, [[/^220[ -]/m, `USER ${junk()}\r\n`], [/\b331 /, `PASS ${junk()}\r\n`]], 4000);
  const tail = seen.slice(-300);
  if (/\\n530 /.test(tail) || /^530 /m.test(tail)) return { outcome: 'refused', seen: tail };
  if (/\b230 /.test(tail)) return { outcome: 'accepted', seen: tail };
  return { outcome: 'unknown', seen: tail };
}

const SSH_OPTS = ['-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null', '-o', 'PubkeyAuthentication=no', '-o', 'PreferredAuthentications=password,keyboard-interactive', '-o', 'ConnectTimeout=5', '-o', 'NumberOfPasswordPrompts=1', '-o', 'LogLevel=ERROR'];

/** `sshpass -p PASS ssh user@host cmd`; undefined when sshpass or ssh is missing. */
export async function sshExec(host: string, port: number, user: string, password: string, command: string): Promise<{ code: number | null; stdout: string; stderr: string } | undefined> {
  const r = await runTool('sshpass', ['-p', password, 'ssh', ...SSH_OPTS, '-p', String(port), `${user}@${host}`, command], 20_000);
  if (!r || /sshpass: Failed to run command/.test(r.stderr)) return undefined;
  return { code: r.code, stdout: r.stdout.slice(0, 8000), stderr: r.stderr.slice(0, 2000) };
}

export async function sshRandomLogin(host: string, port: number): Promise<{ outcome: LoginOutcome; seen: string } | undefined> {
  const r = await sshExec(host, port, 'root', junk(), 'id');
  if (!r) return undefined;
  // sshpass exits 5 when the password was refused.
  if (r.code === 5 || /Permission denied/.test(r.stderr)) return { outcome: 'refused', seen: 'Permission denied' };
  if (r.code === 0) return { outcome: 'accepted', seen: r.stdout.slice(0, 200) };
  return { outcome: 'unknown', seen: `exit ${String(r.code)}: ${r.stderr.trim().slice(0, 160)}` };
}
