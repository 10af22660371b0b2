// Reads classic pcap (both byte orders, micro- and nanosecond) and pcapng (section header, interface
// description, enhanced and simple packet blocks) files into frames with their link type and time.
// Used by the bench (decode rate from a file) and the tests (public capture vectors); bounded: a
// block or packet length past the file or past MAX_FRAME_BYTES ends the read with an error.

export interface CapturedFrame {
  linkType: number;
  tsMs: number;
  data: Uint8Array;
}

const MAX_FRAME_BYTES = 262_144;

export function readCaptureFile(buf: Uint8Array): CapturedFrame[] {
  if (buf.length < 24) throw new Error('capture file too short');
  const magic = new DataView(buf.buffer, buf.byteOffset, buf.byteLength).getUint32(0, false);
  if (magic === 0x0a0d0d0a) return readPcapng(buf);
  return readPcap(buf);
}

function readPcap(buf: Uint8Array): CapturedFrame[] {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const m = v.getUint32(0, true);
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  const be = v.getUint32(0, false) === 0xa1b2c3d4 || v.getUint32(0, false) === 0xa1b23c4d;
  if (!le && !be) throw new Error('not a pcap or pcapng file');
  const nano = (le ? m : v.getUint32(0, false)) === 0xa1b23c4d;
  const linkType = v.getUint32(20, le) & 0x0fffffff;
  const out: CapturedFrame[] = [];
  let off = 24;
  while (off + 16 <= buf.length) {
    const sec = v.getUint32(off, le);
    const frac = v.getUint32(off + 4, le);
    const incl = v.getUint32(off + 8, le);
    if (incl > MAX_FRAME_BYTES || off + 16 + incl > buf.length) throw new Error(`truncated or oversized packet at offset ${off}`);
    out.push({ linkType, tsMs: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3), data: buf.subarray(off + 16, off + 16 + incl) });
    off += 16 + incl;
  }
  return out;
}

function readPcapng(buf: Uint8Array): CapturedFrame[] {
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: CapturedFrame[] = [];
  let le = true;
  let ifaces: Array<{ linkType: number; tsDiv: number }> = [];
  let off = 0;
  while (off + 12 <= buf.length) {
    const typeBE = v.getUint32(off, false);
    if (typeBE === 0x0a0d0d0a) {
      le = v.getUint32(off + 8, true) === 0x1a2b3c4d;
      ifaces = [];
    }
    const type = v.getUint32(off, le);
    const len = v.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0 || off + len > buf.length) throw new Error(`bad pcapng block at offset ${off}`);
    const body = off + 8;
    if (type === 1) {
      ifaces.push({ linkType: v.getUint16(body, le), tsDiv: interfaceTsDivisor(v, body + 8, off + len - 4, le) });
    } else if (type === 6 && len >= 32) {
      const iface = ifaces[v.getUint32(body, le)];
      const ts = v.getUint32(body + 4, le) * 2 ** 32 + v.getUint32(body + 8, le);
      const capLen = v.getUint32(body + 12, le);
      if (!iface || capLen > MAX_FRAME_BYTES || body + 20 + capLen > off + len) throw new Error(`bad enhanced packet block at offset ${off}`);
      out.push({ linkType: iface.linkType, tsMs: (ts / iface.tsDiv) * 1000, data: buf.subarray(body + 20, body + 20 + capLen) });
    } else if (type === 3 && ifaces[0]) {
      const orig = v.getUint32(body, le);
      const capLen = Math.min(orig, len - 16);
      out.push({ linkType: ifaces[0].linkType, tsMs: 0, data: buf.subarray(body + 4, body + 4 + capLen) });
    }
    off += len;
  }
  return out;
}

/** if_tsresol (option 9): 10^-n or 2^-n seconds; default microseconds. */
function interfaceTsDivisor(v: DataView, from: number, end: number, le: boolean): number {
  let o = from;
  while (o + 4 <= end) {
    const code = v.getUint16(o, le);
    const len = v.getUint16(o + 2, le);
    if (code === 0) break;
    if (code === 9 && len >= 1) {
      const r = v.getUint8(o + 4);
      return r & 0x80 ? 2 ** (r & 0x7f) : 10 ** r;
    }
    o += 4 + ((len + 3) & ~3);
  }
  return 1e6;
}
