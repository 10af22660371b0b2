// The netns rule text per family: scoped to the decky's addresses, every queue rule bypassable, the
// family's unanswered probes dropped, ingress queued only where the rewriter needs the peer's SYNs.
import { describe, expect, it } from 'vitest';
import { STACK_PERSONALITIES } from './families';
import { routeWindowChanges } from './manager';
import { personalityRules, QUEUE_NUM } from './rules';

describe('stack personality rules', () => {
  it.each(Object.values(STACK_PERSONALITIES).map((p) => [p.profile, p] as const))('%s: scoped, bypassable, drops what the OS leaves unanswered', (_f, p) => {
    const text = personalityRules(p, ['10.198.7.70', '10.200.1.5']);
    const rules = text.split('\n').filter((l) => l.startsWith('-A '));
    expect(text.startsWith('*mangle\n')).toBe(true);
    expect(text.trimEnd().endsWith('COMMIT')).toBe(true);
    // Only the decky's own addresses reach the chains.
    expect(rules.filter((r) => / -A (OUTPUT|PREROUTING) /.test(` ${r}`))).toEqual([
      '-A OUTPUT -s 10.198.7.70/32 -j DECNET-STACK-OUT', '-A PREROUTING -d 10.198.7.70/32 -j DECNET-STACK-IN',
      '-A OUTPUT -s 10.200.1.5/32 -j DECNET-STACK-OUT', '-A PREROUTING -d 10.200.1.5/32 -j DECNET-STACK-IN',
    ]);
    for (const r of rules.filter((x) => x.includes('NFQUEUE'))) expect(r).toContain(`--queue-num ${QUEUE_NUM} --queue-bypass`);
    expect(text.includes('FIN,PSH,URG -j DROP')).toBe(p.drop.finPshUrg);
    expect(text.includes('echo-request -j DROP')).toBe(p.drop.echoRequest);
    expect(text.includes('RST,ACK RST -j DROP')).toBe(p.drop.bareRst);
    expect(text.includes('DECNET-STACK-IN -p tcp --tcp-flags ALL NONE -j NFQUEUE')).toBe(p.answerT2T3 === true);
    expect(text.includes('DECNET-STACK-IN -p tcp --tcp-flags SYN,FIN SYN,FIN -j NFQUEUE')).toBe(p.answerT2T3 === true);
    expect(text.includes('DECNET-STACK-IN -p tcp --tcp-flags SYN,ACK SYN -j NFQUEUE')).toBe(p.mss === 'min-peer' || p.echoDfMirror || !!p.rstFromProbe);
  });

  it('refuses anything but IPv4 addresses', () => {
    expect(() => personalityRules(STACK_PERSONALITIES['windows-10-1607'], ['10.0.0.1 -j ACCEPT'])).toThrow(/refusing address/);
    expect(() => personalityRules(STACK_PERSONALITIES['windows-10-1607'], ['fe80::1'])).toThrow(/refusing address/);
  });

  it('sets a window on every netns route, replacing an earlier one', () => {
    const listing = 'default via 10.198.13.1 dev eth0 \n10.198.13.0/24 dev eth0 proto kernel scope link src 10.198.13.66 window 65535 linkdown\n';
    expect(routeWindowChanges(listing, 4194303)).toEqual([
      ['default', 'via', '10.198.13.1', 'dev', 'eth0', 'window', '4194303'],
      ['10.198.13.0/24', 'dev', 'eth0', 'proto', 'kernel', 'scope', 'link', 'src', '10.198.13.66', 'window', '4194303'],
    ]);
  });
});
