// Secondary connections a session may need (FTP's PASV/EPSV listener and PORT/EPRT connect-back),
// opened by the runner because templates never open sockets. Scoped to the session's peer address,
// one-shot, time-limited, and torn down with the session.
import { createConnection, createServer, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { plainIp } from './session-ip';

export interface DataListener {
  port: number;
  accept(timeoutMs?: number): Promise<Duplex>;
  close(): void;
}

/** Structurally the FtpDataCapabilities of ftp/data-channel.ts. */
export interface DataCapabilities {
  openDataListener(): Promise<DataListener>;
  connectData(port: number): Promise<Duplex>;
}

const MAX_OPEN_PER_SESSION = 2;
const DEFAULT_TIMEOUT_MS = 15_000;

export interface DataScope extends DataCapabilities {
  /** Destroy every listener and data socket of the session. */
  release(): void;
}

export function dataScope(localIp: string, peerIp: string): DataScope {
  const listeners = new Set<() => void>();
  const sockets = new Set<Socket>();
  const track = (s: Socket): Socket => {
    sockets.add(s);
    s.on('error', () => undefined);
    s.once('close', () => sockets.delete(s));
    return s;
  };

  const openDataListener = (): Promise<DataListener> =>
    new Promise((resolve, reject) => {
      if (listeners.size >= MAX_OPEN_PER_SESSION) return reject(new Error('too many data listeners'));
      const server = createServer();
      const queue: Socket[] = [];
      let waiter: ((s: Socket) => void) | undefined;
      const close = (): void => {
        listeners.delete(close);
        server.close();
        for (const s of queue.splice(0)) s.destroy();
      };
      listeners.add(close);
      server.on('connection', (s) => {
        // Only the control connection's peer may connect (vsftpd pasv_promiscuous=NO).
        if (plainIp(s.remoteAddress) !== peerIp) return void s.destroy();
        track(s);
        server.close();
        if (waiter) waiter(s);
        else queue.push(s);
      });
      server.on('error', (err) => {
        close();
        reject(err);
      });
      server.listen({ host: localIp, port: 0 }, () => {
        const addr = server.address();
        resolve({
          port: typeof addr === 'object' && addr ? addr.port : 0,
          close,
          accept: (timeoutMs = DEFAULT_TIMEOUT_MS) => {
            const ready = queue.shift();
            if (ready) {
              close();
              return Promise.resolve(ready);
            }
            return new Promise<Duplex>((res, rej) => {
              const t = setTimeout(() => {
                waiter = undefined;
                close();
                rej(new Error('data connection timeout'));
              }, timeoutMs);
              waiter = (s) => {
                clearTimeout(t);
                waiter = undefined;
                close();
                res(s);
              };
            });
          },
        });
      });
    });

  const connectData = (port: number): Promise<Duplex> =>
    new Promise((resolve, reject) => {
      if (!Number.isInteger(port) || port < 1 || port > 65535) return reject(new Error('bad port'));
      if (sockets.size >= MAX_OPEN_PER_SESSION) return reject(new Error('too many data connections'));
      const s = track(createConnection({ host: peerIp, port, localAddress: localIp }));
      const t = setTimeout(() => {
        s.destroy();
        reject(new Error('connect timeout'));
      }, DEFAULT_TIMEOUT_MS);
      s.once('connect', () => {
        clearTimeout(t);
        resolve(s);
      });
      s.once('error', (e) => {
        clearTimeout(t);
        reject(e);
      });
    });

  return {
    openDataListener,
    connectData,
    release() {
      for (const close of [...listeners]) close();
      for (const s of sockets) s.destroy();
    },
  };
}
