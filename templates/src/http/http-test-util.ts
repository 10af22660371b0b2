// Test helper: reads complete HTTP/1.1 responses (Content-Length framed) off a TestPeer.
import type { TestPeer } from '../_testing';

export interface ParsedResponse {
  status: number;
  statusLine: string;
  headers: Array<[string, string]>;
  header(name: string): string | undefined;
  body: string;
}

/** Waits for the next full response after `offset` bytes; returns it and the new offset. */
export async function nextResponse(peer: TestPeer, offset = 0, isHead = false): Promise<[ParsedResponse, number]> {
  let parsed: [ParsedResponse, number] | undefined;
  await peer.until((t) => {
    const text = t.slice(offset).replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, '');
    const skipped = t.length - offset - text.length;
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return false;
    const lines = text.slice(0, end).split('\r\n');
    const headers = lines.slice(1).map((l): [string, string] => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()]);
    const len = isHead ? 0 : Number(headers.find(([k]) => k.toLowerCase() === 'content-length')?.[1] ?? 0);
    if (text.length < end + 4 + len) return false;
    const statusLine = lines[0] ?? '';
    parsed = [{
      status: Number(statusLine.split(' ')[1]), statusLine, headers,
      header: (n) => headers.find(([k]) => k.toLowerCase() === n.toLowerCase())?.[1],
      body: Buffer.from(text.slice(end + 4, end + 4 + len), 'latin1').toString('utf8'),
    }, offset + skipped + end + 4 + len];
    return true;
  }, 5000);
  if (!parsed) throw new Error('no response');
  return parsed;
}
