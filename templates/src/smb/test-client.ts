// Test-only SMB2 client pieces: request builders (NEGOTIATE with 3.1.1 contexts, SESSION_SETUP),
// response framing readers, and a port-445 listener for nmap's SMB scripts (they only speak to
// 445/139). Never imported by production code.
import { createServer, type Server } from 'node:net';
import { derivePersona } from '../persona/derive';
import type { Persona } from '../persona/types';
import { fakeContext, type RecordedEvent } from '../_testing/fake-context';
import { frame } from './parser';
import { smbTemplate } from './index';

export function smb2(command: number, body: Buffer, o: { messageId?: number; sessionId?: bigint; treeId?: number } = {}): Buffer {
  const h = Buffer.alloc(64);
  h.write('\xfeSMB', 0, 'latin1');
  h.writeUInt16LE(64, 4);
  h.writeUInt16LE(command, 12);
  h.writeUInt16LE(31, 14);
  h.writeBigUInt64LE(BigInt(o.messageId ?? 0), 24);
  h.writeUInt32LE(o.treeId ?? 0, 36);
  h.writeBigUInt64LE(o.sessionId ?? 0n, 40);
  return frame(Buffer.concat([h, body]));
}

export function negotiateRequest(dialects: number[], withContexts = true): Buffer {
  const b = Buffer.alloc(36 + dialects.length * 2);
  b.writeUInt16LE(36, 0);
  b.writeUInt16LE(dialects.length, 2);
  b.writeUInt16LE(1, 4);
  b.writeUInt32LE(0x7f, 8);
  b.write('0123456789abcdef', 12, 'latin1');
  dialects.forEach((d, i) => b.writeUInt16LE(d, 36 + i * 2));
  if (!withContexts || !dialects.includes(0x0311)) return smb2(0, b);
  const pad = Buffer.alloc((8 - ((64 + b.length) % 8)) % 8);
  b.writeUInt32LE(64 + b.length + pad.length, 28);
  b.writeUInt16LE(2, 32);
  const preauth = Buffer.concat([Buffer.from([1, 0, 38, 0, 0, 0, 0, 0, 1, 0, 32, 0, 1, 0]), Buffer.alloc(32, 9), Buffer.alloc(2)]);
  const enc = Buffer.from([2, 0, 6, 0, 0, 0, 0, 0, 2, 0, 4, 0, 2, 0]);
  return smb2(0, Buffer.concat([b, pad, preauth, enc]));
}

export function sessionSetupRequest(blob: Buffer, sessionId: bigint, messageId: number): Buffer {
  const b = Buffer.alloc(24);
  b.writeUInt16LE(25, 0);
  b[3] = 1;
  b.writeUInt16LE(88, 12);
  b.writeUInt16LE(blob.length, 14);
  return smb2(1, Buffer.concat([b, blob]), { sessionId, messageId });
}

export interface Smb2Reply {
  status: number;
  command: number;
  sessionId: bigint;
  msg: Buffer;
}

/** The SMB2 replies in what the server sent (framing stripped). */
export function replies(bytes: Buffer): Smb2Reply[] {
  const out: Smb2Reply[] = [];
  for (let off = 0; off + 4 <= bytes.length; ) {
    const len = bytes.readUIntBE(off + 1, 3);
    const msg = bytes.subarray(off + 4, off + 4 + len);
    if (msg.length >= 64 && msg[0] === 0xfe) out.push({ status: msg.readUInt32LE(8), command: msg.readUInt16LE(12), sessionId: msg.readBigUInt64LE(40), msg });
    off += 4 + len;
  }
  return out;
}

export function windowsPersona(deckyName: string, archetype: 'windows-server' | 'domain-controller' | 'windows-workstation' = 'windows-server'): Persona {
  return derivePersona({ deckyName, archetype, services: ['smb'], nowMs: Date.UTC(2026, 0, 1) });
}

export function sambaPersona(deckyName: string, distro: 'debian' | 'ubuntu22' | 'rocky9' = 'debian'): Persona {
  return derivePersona({ deckyName, archetype: 'file-server', distro, services: ['smb'], nowMs: Date.UTC(2026, 0, 1) });
}

export interface Listener445 {
  host: string;
  events(): RecordedEvent[];
  close(): Promise<void>;
}

/** Serves smb on HOST:445 (a loopback alias); undefined when 445 cannot be bound (not root). */
export function listen445(persona: Persona, config: Record<string, unknown>, host = '127.0.45.45'): Promise<Listener445 | undefined> {
  const contexts: Array<{ events: RecordedEvent[] }> = [];
  const cfg = smbTemplate.configSchema.parse(config);
  const server: Server = createServer((sock) => {
    const ctx = fakeContext({ service: 'smb', config: cfg, persona, src: { ip: sock.remoteAddress ?? '', port: sock.remotePort ?? 0 } });
    contexts.push(ctx);
    sock.on('error', () => sock.destroy());
    smbTemplate.createSession(sock, ctx);
  });
  return new Promise((resolve) => {
    server.once('error', () => resolve(undefined));
    server.listen(445, host, () => resolve({ host, events: () => contexts.flatMap((c) => c.events), close: () => new Promise((r) => server.close(() => r())) }));
  });
}
