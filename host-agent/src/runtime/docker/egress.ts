// Egress policy of a high-interaction decky: in its network namespace (entered from the privileged
// agent; the containers cannot change netfilter), new outbound connections are refused, while replies
// to inbound connections and loopback pass. Rules live in their own chain, so other rules keep working.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const EGRESS_CHAIN = 'DECNET-HI-EGRESS';

async function ipt(bin: 'iptables' | 'ip6tables', pid: number, args: readonly string[]): Promise<string> {
  const { stdout } = await run('nsenter', ['-t', String(pid), '-n', bin, '-w', '5', ...args], { timeout: 15_000 });
  return stdout;
}

async function ensureChain(bin: 'iptables' | 'ip6tables', pid: number, reject: readonly string[], portUnreachable: string): Promise<void> {
  const rules = await ipt(bin, pid, ['-S', 'OUTPUT']);
  if (rules.includes(`-j ${EGRESS_CHAIN}`)) return;
  await ipt(bin, pid, ['-N', EGRESS_CHAIN]).catch(() => undefined); // left by an earlier, half-done pass
  await ipt(bin, pid, ['-F', EGRESS_CHAIN]);
  // Docker's embedded DNS (127.0.0.11, on loopback) would forward the query out and wait for it: refused too.
  if (bin === 'iptables') await ipt(bin, pid, ['-A', EGRESS_CHAIN, '-d', '127.0.0.11', '-p', 'udp', '-j', 'REJECT', '--reject-with', portUnreachable]);
  await ipt(bin, pid, ['-A', EGRESS_CHAIN, '-o', 'lo', '-j', 'RETURN']);
  await ipt(bin, pid, ['-A', EGRESS_CHAIN, '-m', 'conntrack', '--ctstate', 'ESTABLISHED,RELATED', '-j', 'RETURN']);
  // DNS answers "port unreachable", so a lookup fails at once (as with a resolver that is down) instead
  // of the resolver's 2 x 5 s: telnetd's reverse lookup of every caller would otherwise wait that long.
  await ipt(bin, pid, ['-A', EGRESS_CHAIN, '-p', 'udp', '--dport', '53', '-j', 'REJECT', '--reject-with', portUnreachable]);
  // "Network is unreachable" at once, as on a host with no route out, rather than a long timeout.
  await ipt(bin, pid, ['-A', EGRESS_CHAIN, '-j', 'REJECT', ...reject]);
  await ipt(bin, pid, ['-I', 'OUTPUT', '1', '-j', EGRESS_CHAIN]);
}

/** Idempotent: a namespace that has the jump already is left alone. IPv6 too when the host has ip6tables. */
export async function blockEgress(pid: number): Promise<void> {
  if (!Number.isInteger(pid) || pid <= 0) throw new Error('egress: the base container is not running');
  try {
    await ensureChain('iptables', pid, ['--reject-with', 'icmp-net-unreachable'], 'icmp-port-unreachable');
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    throw new Error(`egress rules (iptables in the decky's netns): ${(err.stderr || err.message).trim().slice(0, 300)}`);
  }
  await ensureChain('ip6tables', pid, ['--reject-with', 'icmp6-no-route'], 'icmp6-port-unreachable').catch(() => undefined);
}
