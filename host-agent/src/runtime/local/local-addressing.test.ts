import { describe, expect, it } from 'vitest';
import { assignLoopback, isDeckyLoopback, loopbackCandidate } from './loopback-address';
import { describeMapped, planPorts } from './port-plan';

describe('loopback addresses', () => {
  it('are deterministic, outside 127.0.0.0/16, and never shared', () => {
    const names = Array.from({ length: 2000 }, (_, i) => `decky-${i}`);
    const a = assignLoopback(names, new Map(), undefined, true);
    const b = assignLoopback([...names].reverse(), new Map(), undefined, true);
    expect([...a.entries()].sort()).toEqual([...b.entries()].sort());
    expect(new Set(a.values()).size).toBe(names.length);
    for (const ip of a.values()) expect(isDeckyLoopback(ip)).toBe(true);
    expect(loopbackCandidate('web-01')).toBe(loopbackCandidate('web-01'));
  });

  it('keeps current assignments, honours a free preferred 127/8 address, and shares 127.0.0.1 off Linux', () => {
    const cur = new Map([['a', loopbackCandidate('b')]]);
    const got = assignLoopback(['a', 'b', 'c'], cur, (n) => (n === 'c' ? '127.9.9.9' : undefined), true);
    expect(got.get('a')).toBe(loopbackCandidate('b'));
    expect(got.get('b')).toBe(loopbackCandidate('b', 1));
    expect(got.get('c')).toBe('127.9.9.9');
    expect(isDeckyLoopback('127.0.0.1')).toBe(false);
    expect([...assignLoopback(['x', 'y'], new Map(), undefined, false).values()]).toEqual(['127.0.0.1', '127.0.0.1']);
  });
});

describe('planPorts', () => {
  it('uses the real port when it binds, else the mapped one, and says why', async () => {
    const refused = new Map([[22, 'EACCES'], [10022, 'EADDRINUSE'], [80, 'EADDRINUSE']]);
    const probe = async (_ip: string, port: number) => refused.get(port);
    const plan = await planPorts('127.1.2.3', [{ service: 'ssh', wantedPort: 22 }, { service: 'http', wantedPort: 80 }, { service: 'redis', wantedPort: 6379 }], 10_000, probe);
    expect(plan).toEqual([
      { service: 'ssh', wantedPort: 22, port: 10023, mapped: true, reason: 'EACCES' },
      { service: 'http', wantedPort: 80, port: 10080, mapped: true, reason: 'EADDRINUSE' },
      { service: 'redis', wantedPort: 6379, port: 6379, mapped: false },
    ]);
    expect(describeMapped(plan)).toBe('mapped ports: ssh 22->10023 (EACCES: privileged port, needs root or CAP_NET_BIND_SERVICE); http 80->10080 (EADDRINUSE: already in use)');
  });

  it('probes real sockets: a port in use is mapped', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((ok) => busy.listen(0, '127.0.0.1', ok));
    const port = (busy.address() as { port: number }).port;
    const [p] = await planPorts('127.0.0.1', [{ service: 'x', wantedPort: port }], 0);
    busy.close();
    expect(p).toMatchObject({ mapped: true, reason: 'EADDRINUSE' });
    expect(p!.port).not.toBe(port);
  });

  it('probes UDP listeners with a dgram bind: a busy UDP port is mapped, a busy TCP port of the same number is not', async () => {
    const { createSocket } = await import('node:dgram');
    const { createServer } = await import('node:net');
    const busyUdp = createSocket('udp4');
    await new Promise<void>((ok) => busyUdp.bind(0, '127.0.0.1', ok));
    const udpPort = busyUdp.address().port;
    const busyTcp = createServer();
    await new Promise<void>((ok) => busyTcp.listen(0, '127.0.0.1', ok));
    const tcpPort = (busyTcp.address() as { port: number }).port;
    const plan = await planPorts('127.0.0.1', [{ service: 'llmnr', wantedPort: udpPort, transport: 'udp' }, { service: 'llmnr/x', wantedPort: tcpPort, transport: 'udp' }], 0);
    busyUdp.close();
    busyTcp.close();
    expect(plan[0]).toMatchObject({ mapped: true, reason: 'EADDRINUSE', transport: 'udp' });
    expect(plan[0]!.port).not.toBe(udpPort);
    expect(plan[1]).toMatchObject({ mapped: false, port: tcpPort, transport: 'udp' });
    expect(describeMapped(plan)).toContain(`llmnr ${udpPort}/udp->`);
  });
});
