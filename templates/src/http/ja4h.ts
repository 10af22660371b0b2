// JA4H HTTP client fingerprint (FoxIO JA4+ spec, JA4H section): method, version, cookie/referer
// flags, header count and Accept-Language, then truncated SHA-256 of header names and cookies.
import { createHash } from 'node:crypto';

const sha12 = (s: string): string => (s ? createHash('sha256').update(s).digest('hex').slice(0, 12) : '000000000000');

export function ja4h(method: string, version: string, headers: Array<[string, string]>): string {
  const lower = (n: string): string => n.toLowerCase();
  const cookieHeader = headers.filter(([n]) => lower(n) === 'cookie').map(([, v]) => v).join('; ');
  const hasReferer = headers.some(([n]) => lower(n) === 'referer');
  const names = headers.map(([n]) => n).filter((n) => lower(n) !== 'cookie' && lower(n) !== 'referer');
  const lang = (headers.find(([n]) => lower(n) === 'accept-language')?.[1] ?? '').toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 4).padEnd(4, '0');
  const ver = version === '1.0' ? '10' : version === '0.9' ? '09' : '11';
  const a = `${method.slice(0, 2).toLowerCase()}${ver}${cookieHeader ? 'c' : 'n'}${hasReferer ? 'r' : 'n'}${String(Math.min(names.length, 99)).padStart(2, '0')}${lang}`;
  const cookies = cookieHeader.split(';').map((c) => c.trim()).filter(Boolean).sort();
  const cookieNames = cookies.map((c) => c.split('=')[0] ?? '').sort();
  return `${a}_${sha12(names.join(','))}_${sha12(cookieNames.join(','))}_${sha12(cookies.join(','))}`;
}
