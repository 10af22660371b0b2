import { describe, expect, it } from 'vitest';
import { findPeer, hexToIp, parentOf, peerOfTree } from './peer';

const TABLE = `  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
   0: 00000000:0016 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1111 1 0 100 0 0 10 0
   1: 0209C60A:0016 0109C60A:A3D2 01 00000000:00000000 02:000A7D8C 00000000     0        0 2222 4 0 20 4 30 10 -1
   2: 0209C60A:0050 0109C60A:A3D3 01 00000000:00000000 02:000A7D8C 00000000     0        0 3333 4 0 20 4 30 10 -1
`;

describe('peer lookup', () => {
  it('decodes /proc/net/tcp addresses', () => {
    expect(hexToIp('0100007F')).toBe('127.0.0.1');
    expect(hexToIp('0000000000000000FFFF00000209C60A')).toBe('10.198.9.2');
    expect(hexToIp('20010DB8000000000000000000000001')).toBeUndefined();
  });

  it('finds the established ssh connection of the given socket inodes', () => {
    expect(findPeer(TABLE, new Set(['2222']))).toEqual({ ip: '10.198.9.1', port: 0xa3d2 });
    expect(findPeer(TABLE, new Set(['1111']))).toBeUndefined(); // listening, not established
    expect(findPeer(TABLE, new Set(['3333']))).toBeUndefined(); // another port
  });

  it('reads the parent pid past a command name with spaces and parentheses', () => {
    expect(parentOf('4242 (tricky ) name) S 977 4242 4242 0 -1 4194560 0 0')).toBe(977);
    expect(parentOf('1 (init) S 0 1 1')).toBeUndefined();
  });

  it('walks up the process tree to the process holding the connection', async () => {
    const { createServer, connect } = await import('node:net');
    const { spawn } = await import('node:child_process');
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const accepted = new Promise<import('node:net').Socket>((r) => server.once('connection', r));
    const client = connect(port, '127.0.0.1');
    await new Promise((r) => client.once('connect', r));
    // This process holds the accepted socket; a grandchild's tree leads back to it.
    const sock = await accepted;
    const child = spawn('sh', ['-c', 'sleep 5 & wait'], { stdio: 'ignore' });
    let grandchild: number | undefined;
    for (let i = 0; i < 50 && grandchild === undefined; i++) {
      await new Promise((r) => setTimeout(r, 20));
      const { execFileSync } = await import('node:child_process');
      grandchild = Number(execFileSync('pgrep', ['-P', String(child.pid)]).toString().trim().split('\n')[0]) || undefined;
    }
    expect(peerOfTree(grandchild!, port)).toEqual({ ip: '127.0.0.1', port: client.localPort });
    expect(peerOfTree(grandchild!, port, 1)).toBeUndefined();
    child.kill();
    client.destroy();
    sock.destroy();
    server.close();
  });
});
