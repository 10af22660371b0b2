// The netfilter rules a decky's netns gets (iptables-restore text for its own `mangle` table, never
// the host's): queue the packets the personality rewrites, drop the probes its OS leaves unanswered.
// Scoped to the decky's own addresses; --queue-bypass lets everything through when no relay listens.
import type { StackPersonality } from './families';
import { needsIngress } from './families';

/** NFQUEUE numbers are per network namespace: every decky can use the same one. */
export const QUEUE_NUM = 4117;
export const CHAIN_OUT = 'DECNET-STACK-OUT';
export const CHAIN_IN = 'DECNET-STACK-IN';

const IPV4_RE = /^(?:(?:25[0-5]|2[0-4]\d|1?\d?\d)\.){3}(?:25[0-5]|2[0-4]\d|1?\d?\d)$/;

export function personalityRules(p: StackPersonality, addresses: readonly string[]): string {
  const bad = addresses.find((a) => !IPV4_RE.test(a));
  if (bad !== undefined) throw new Error(`refusing address ${JSON.stringify(bad.slice(0, 64))}`);
  const q = `-j NFQUEUE --queue-num ${QUEUE_NUM} --queue-bypass`;
  const lines = ['*mangle', `:${CHAIN_OUT} - [0:0]`, `:${CHAIN_IN} - [0:0]`];
  for (const a of addresses) lines.push(`-A OUTPUT -s ${a}/32 -j ${CHAIN_OUT}`, `-A PREROUTING -d ${a}/32 -j ${CHAIN_IN}`);
  // Egress: SYN-ACKs (SEQ, ECN, T1), RSTs (T4-T7), echo replies (IE), port unreachables (U1).
  lines.push(`-A ${CHAIN_OUT} -p tcp --tcp-flags SYN,ACK SYN,ACK ${q}`);
  if (p.drop.bareRst) lines.push(`-A ${CHAIN_OUT} -p tcp --tcp-flags RST,ACK RST -j DROP`);
  lines.push(`-A ${CHAIN_OUT} -p tcp --tcp-flags RST RST ${q}`);
  lines.push(`-A ${CHAIN_OUT} -p icmp --icmp-type echo-reply ${q}`);
  lines.push(`-A ${CHAIN_OUT} -p icmp --icmp-type port-unreachable ${q}`);
  // Ingress: FIN|PSH|URG with nothing else is never part of a real connection (T7 when R=N).
  if (p.drop.finPshUrg) lines.push(`-A ${CHAIN_IN} -p tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,PSH,URG -j DROP`);
  if (p.drop.echoRequest) lines.push(`-A ${CHAIN_IN} -p icmp --icmp-type echo-request -j DROP`);
  // Windows T2/T3: a segment without flags, or with SYN and FIN, is never part of a real connection.
  if (p.answerT2T3) lines.push(`-A ${CHAIN_IN} -p tcp --tcp-flags ALL NONE ${q}`, `-A ${CHAIN_IN} -p tcp --tcp-flags SYN,FIN SYN,FIN ${q}`);
  if (needsIngress(p)) {
    lines.push(`-A ${CHAIN_IN} -p tcp --tcp-flags SYN,ACK SYN ${q}`);
    if (p.rstFromProbe && !p.drop.finPshUrg) lines.push(`-A ${CHAIN_IN} -p tcp --tcp-flags FIN,SYN,RST,PSH,ACK,URG FIN,PSH,URG ${q}`);
    if (!p.drop.echoRequest) lines.push(`-A ${CHAIN_IN} -p icmp --icmp-type echo-request ${q}`);
  }
  lines.push('COMMIT', '');
  return lines.join('\n');
}

/** Restoring an empty mangle table flushes it: what removal writes when the netns outlives the relay. */
export const FLUSH_RULES = '*mangle\nCOMMIT\n';
