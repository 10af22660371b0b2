// The harness side of the FTP data-channel capabilities (ftp/data-channel.ts): a one-shot
// listener on an ephemeral port for PASV/EPSV, and an outbound connect back to the peer for PORT/EPRT.
import { createConnection, createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { DataListener } from '../ftp/data-channel';

export async function openDataListener(host: string, peerIp: string): Promise<DataListener> {
  const server = createServer();
  const queue: Socket[] = [];
  let waiter: ((s: Socket) => void) | undefined;
  server.on('connection', (s) => {
    // As vsftpd (pasv_promiscuous=NO): only the control connection's peer may connect.
    if (normalize(s.remoteAddress) !== normalize(peerIp)) return void s.destroy();
    if (waiter) waiter(s);
    else queue.push(s);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const close = (): void => {
    server.close();
    for (const s of queue.splice(0)) s.destroy();
  };
  return {
    port,
    accept(timeoutMs = 10_000): Promise<Duplex> {
      const ready = queue.shift();
      if (ready) {
        server.close();
        return Promise.resolve(ready);
      }
      return new Promise<Duplex>((resolve, reject) => {
        const t = setTimeout(() => {
          waiter = undefined;
          reject(new Error('data connection timeout'));
        }, timeoutMs);
        waiter = (s) => {
          clearTimeout(t);
          waiter = undefined;
          server.close();
          resolve(s);
        };
      });
    },
    close,
  };
}

export function connectData(peerIp: string, port: number, timeoutMs = 10_000): Promise<Duplex> {
  return new Promise<Duplex>((resolve, reject) => {
    const s = createConnection({ host: normalize(peerIp), port });
    const t = setTimeout(() => {
      s.destroy();
      reject(new Error('connect timeout'));
    }, timeoutMs);
    s.once('connect', () => {
      clearTimeout(t);
      resolve(s);
    });
    s.once('error', (e) => {
      clearTimeout(t);
      reject(e);
    });
  });
}

function normalize(ip: string | undefined): string {
  return (ip ?? '').replace(/^::ffff:/, '');
}
