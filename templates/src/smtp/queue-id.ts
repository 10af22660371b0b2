// Queue ids in each MTA's own format (Postfix short hex ids, Exim 4.9x base-62 ids, Sendmail's
// date-coded ids), since a fixed or foreign format in "queued as" is a tell.
import { randomInt } from 'node:crypto';

const B62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const b62 = (n: number, width: number): string => {
  let s = '';
  for (let i = 0; i < width; i++, n = Math.floor(n / 62)) s = (B62[n % 62] ?? '0') + s;
  return s;
};
const hex = (n: number, width: number): string => n.toString(16).toUpperCase().padStart(width, '0').slice(-width);

export function queueId(mta: 'postfix' | 'exim' | 'sendmail', now: Date): string {
  const ms = now.getTime();
  if (mta === 'postfix') {
    // Microseconds (5 hex digits) followed by the queue file's inode number.
    return `${hex((ms % 1000) * 1000 + randomInt(1000), 5)}${hex(randomInt(0x100000, 0x3ffffff), randomInt(5, 7))}`;
  }
  if (mta === 'exim') return `${b62(Math.floor(ms / 1000), 6)}-${b62(randomInt(200, 200_000), 6)}-${b62(randomInt(3844), 2)}`;
  const d = now;
  const code = (n: number): string => B62[n] ?? '0';
  return `${code(d.getUTCFullYear() - 1900 - 60)}${code(d.getUTCMonth())}${code(d.getUTCDate())}${code(d.getUTCHours())}${code(d.getUTCMinutes())}${code(d.getUTCSeconds())}${String(randomInt(1000, 999_999)).padStart(6, '0')}`;
}
