// Hostile-probe clients shared by the catalogue and runner smoke tests: one TCP/TLS connection that
// sends an opener (and optionally random bytes), then closes after a pause, returning what came back;
// and the same openers as UDP datagrams.
import { randomBytes } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { createConnection } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Duplex } from 'node:stream';
import { serviceListeners } from '../registry';
import type { ListenerSpec } from '../runner/runner';

export function probeTcp(port: number, tls: boolean, payload: string | Uint8Array, random: boolean, waitMs: number): Promise<string> {
  return new Promise((resolve) => {
    let got = '';
    const send = (s: Duplex): void => {
      s.on('data', (d: Buffer) => (got += d.toString('latin1')));
      if (payload.length > 0) s.write(payload);
      if (random) s.write(randomBytes(300));
      setTimeout(() => {
        s.destroy();
        resolve(got);
      }, waitMs);
    };
    const s: Duplex = tls ? tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => send(s)) : createConnection({ host: '127.0.0.1', port }, () => send(s));
    s.on('error', () => resolve(got));
  });
}

/** UDP listeners get the same openers as datagrams, plus random ones (answers, if any, are ignored). */
export function probeUdp(port: number, payloads: ReadonlyArray<string | Uint8Array>): Promise<void> {
  return new Promise((resolve) => {
    const s = createSocket('udp4');
    s.on('error', () => undefined);
    s.bind(0, '127.0.0.1', () => {
      for (const p of payloads) {
        s.send(typeof p === 'string' ? Buffer.from(p) : p, port, '127.0.0.1');
        s.send(randomBytes(300), port, '127.0.0.1');
      }
      setTimeout(() => s.close(() => resolve()), 150);
    });
  });
}

/** Every listener of the given services (each default port, TLS and UDP companions) on port 0 of 127.0.0.1. */
export function allListeners(services: readonly string[], configOf: (service: string) => Record<string, string> = () => ({})): ListenerSpec[] {
  return services.flatMap((service) =>
    (serviceListeners(service) ?? []).map((l) => ({ service, key: l.key, template: l.template, host: '127.0.0.1', port: 0, servicePort: l.port, tls: l.tls, config: configOf(service) })),
  );
}
