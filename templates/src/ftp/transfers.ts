// Data-connection commands (RFC 959 §4.1.3): PASV/EPSV (RFC 2428), PORT/EPRT, LIST/NLST, RETR with
// REST, and STOR/APPE whose bytes are captured (`upload_attempt` with sha256 via ctx.capture).
import type { Duplex } from 'node:stream';
import { isIPv4 } from '@decnet/protocol';
import { openData, receiveAll, sendAll } from './data-channel';
import { listLine, parseListArgs } from './listing';
import { reply, resetData, canWrite, type FtpState } from './state';
import { baseName, parentOf, resolvePath } from './vfs';

const MAX_UPLOAD_STREAM = 256 * 1024 * 1024;

export async function pasv(s: FtpState, extended: boolean, arg: string): Promise<void> {
  if (extended && arg.toUpperCase() === 'ALL') return reply(s, '200 EPSV ALL ok.');
  resetData(s);
  const ip = s.ctx.dst.ip.replace(/^::ffff:/, '');
  if (!s.ctx.openDataListener || (!extended && !isIPv4(ip))) return reply(s, '425 Could not listen for passive connection.');
  const listener = await s.ctx.openDataListener().catch(() => undefined);
  if (!listener) return reply(s, '425 Could not listen for passive connection.');
  if (s.io.closed) return listener.close();
  s.data = { kind: 'passive', listener };
  if (extended) return reply(s, s.phr.epsv(listener.port));
  reply(s, s.phr.pasv(ip.replace(/\./g, ','), listener.port >> 8, listener.port & 0xff));
}

/** PORT h1,h2,h3,h4,p1,p2 / EPRT |1|ip|port|: only the client's own address, no privileged ports. */
export function port(s: FtpState, extended: boolean, arg: string): void {
  resetData(s);
  let ip: string | undefined;
  let p = -1;
  if (extended) {
    const parts = arg.split(arg[0] ?? '|');
    ip = parts[2];
    p = Number(parts[3]);
  } else {
    const n = arg.split(',').map((x) => Number(x.trim()));
    if (n.length === 6 && n.every((x) => Number.isInteger(x) && x >= 0 && x <= 255)) {
      ip = n.slice(0, 4).join('.');
      p = (n[4] ?? 0) * 256 + (n[5] ?? 0);
    }
  }
  const peer = s.ctx.src.ip.replace(/^::ffff:/, '');
  s.ctx.emit('command', { cmd: extended ? 'EPRT' : 'PORT', arg: arg.slice(0, 128), target_ip: ip, target_port: p, bounce: ip !== undefined && ip !== peer });
  if (!ip || ip !== peer || !Number.isInteger(p) || p < 1024 || p > 65535) return reply(s, s.phr.portBad);
  s.data = { kind: 'active', port: p };
  reply(s, extended ? s.phr.eprtOk : s.phr.portOk);
}

/** Opens the data connection, runs `work`, replies `done`; the 150 line comes once connected. */
async function transfer(s: FtpState, start: string, work: (d: Duplex) => Promise<string | void>, done: string): Promise<void> {
  if (s.data.kind === 'none') return reply(s, s.phr.noData);
  const data = await openData(s.ctx, s.data).catch(() => undefined);
  if (!data) {
    resetData(s);
    return reply(s, s.phr.dataFailed);
  }
  data.on('error', () => undefined);
  s.active = data;
  reply(s, start);
  const override = await work(data);
  s.active = undefined;
  resetData(s);
  reply(s, override ?? done);
}

export async function list(s: FtpState, arg: string, namesOnly: boolean): Promise<void> {
  const fs = s.fs;
  if (!fs) return;
  const { all, path } = parseListArgs(arg);
  const target = resolvePath(s.cwd, path || '.');
  const node = fs.get(target);
  if (!node && s.flavor === 'proftpd') return reply(s, `450 ${path}: No such file or directory`);
  const now = s.ctx.now().getTime();
  const entries = !node ? [] : node.kind === 'dir' ? fs.list(target).filter(([n]) => all || !n.startsWith('.')) : [[baseName(target), node] as const];
  const text = entries.map(([name, n]) => (namesOnly ? name : listLine(s.flavor, name, n, now))).map((l) => `${l}\r\n`).join('');
  await transfer(s, s.phr.listStart, async (d) => {
    await sendAll(d, Buffer.from(text, 'utf8'), s.ctx.limits.idleTimeoutMs);
    if (!node) return '226 Transfer done (but failed to open directory).';
  }, s.phr.listDone);
}

export async function retr(s: FtpState, arg: string): Promise<void> {
  const path = resolvePath(s.cwd, arg);
  const node = s.fs?.get(path);
  const found = node?.kind === 'file';
  s.ctx.emit('download_attempt', { path: path.slice(0, 512), found, size: found ? node.size : undefined });
  if (!found || !node.content) return reply(s, s.phr.fileMissing(arg));
  const body = node.content().subarray(Math.min(s.rest, node.size));
  await transfer(s, s.phr.retrStart(baseName(path), node.size, s.type === 'I'), (d) => sendAll(d, body, s.ctx.limits.idleTimeoutMs), s.phr.transferDone);
}

export async function stor(s: FtpState, arg: string, append: boolean): Promise<void> {
  const fs = s.fs;
  const path = resolvePath(s.cwd, arg);
  const parent = fs?.get(parentOf(path));
  const existing = fs?.get(path);
  if (!fs || !canWrite(s) || !arg || parent?.kind !== 'dir' || existing?.kind === 'dir') {
    s.ctx.emit('upload_attempt', { path: path.slice(0, 512), denied: true });
    return reply(s, s.phr.storDenied(arg));
  }
  const keep = s.ctx.limits.maxCaptureBytes;
  await transfer(s, s.phr.storStart(baseName(path)), async (d) => {
    const got = await receiveAll(d, keep, MAX_UPLOAD_STREAM, s.ctx.limits.idleTimeoutMs);
    const prior = append && existing?.content ? existing.content() : Buffer.alloc(0);
    const content = Buffer.concat([prior, got.data]).subarray(0, keep);
    const art = await s.ctx.capture(baseName(path) || 'upload', got.data);
    s.ctx.emit('upload_attempt', {
      path: path.slice(0, 512), size: got.size, sha256: art.sha256, stored_as: art.storedAs, truncated: got.size > got.data.length ? 1 : 0, append: append ? 1 : 0,
    });
    const owner = s.login?.user;
    const stored = fs.put(path, {
      kind: 'file', mode: 0o644, owner: owner?.name ?? 'ftp', group: owner?.name ?? 'ftp', uid: owner?.uid ?? 0, gid: owner?.gid ?? owner?.uid ?? 0,
      mtimeMs: s.ctx.now().getTime(), size: content.length, content: () => content, uploaded: true,
    });
    if (got.aborted) return '426 Failure reading network stream.';
    if (!stored) return '552 Requested file action aborted. Exceeded storage allocation.';
  }, s.phr.transferDone);
}
