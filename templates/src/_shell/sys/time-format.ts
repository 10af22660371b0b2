// Time formatting in UTC for `date`, `ls -l`, `ps`, logs and the motd: a strftime subset that reads
// the attacker's format string character by character (never as a pattern or code).

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const p2 = (n: number): string => String(n).padStart(2, '0');

function dayOfYear(d: Date): number {
  return Math.floor((d.getTime() - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86_400_000) + 1;
}

/** strftime(3) subset in UTC; unknown conversions are copied through like GNU date does. */
export function strftime(format: string, d: Date): string {
  let out = '';
  for (let i = 0; i < format.length; i++) {
    const c = format[i];
    if (c !== '%' || i === format.length - 1) {
      out += c;
      continue;
    }
    const f = format[++i];
    const h = d.getUTCHours();
    switch (f) {
      case 'a': out += DAYS[d.getUTCDay()]; break;
      case 'A': out += DAYS_LONG[d.getUTCDay()]; break;
      case 'b': case 'h': out += MONTHS[d.getUTCMonth()]; break;
      case 'B': out += MONTHS_LONG[d.getUTCMonth()]; break;
      case 'c': out += strftime('%a %b %e %H:%M:%S %Y', d); break;
      case 'C': out += p2(Math.floor(d.getUTCFullYear() / 100)); break;
      case 'd': out += p2(d.getUTCDate()); break;
      case 'D': out += strftime('%m/%d/%y', d); break;
      case 'e': out += String(d.getUTCDate()).padStart(2, ' '); break;
      case 'F': out += strftime('%Y-%m-%d', d); break;
      case 'H': out += p2(h); break;
      case 'I': out += p2(h % 12 === 0 ? 12 : h % 12); break;
      case 'j': out += String(dayOfYear(d)).padStart(3, '0'); break;
      case 'k': out += String(h).padStart(2, ' '); break;
      case 'm': out += p2(d.getUTCMonth() + 1); break;
      case 'M': out += p2(d.getUTCMinutes()); break;
      case 'n': out += '\n'; break;
      case 'N': out += String(d.getUTCMilliseconds() * 1_000_000 + 123_456).padStart(9, '0'); break;
      case 'p': out += h < 12 ? 'AM' : 'PM'; break;
      case 'r': out += strftime('%I:%M:%S %p', d); break;
      case 'R': out += strftime('%H:%M', d); break;
      case 's': out += String(Math.floor(d.getTime() / 1000)); break;
      case 'S': out += p2(d.getUTCSeconds()); break;
      case 't': out += '\t'; break;
      case 'T': out += strftime('%H:%M:%S', d); break;
      case 'u': out += String(d.getUTCDay() === 0 ? 7 : d.getUTCDay()); break;
      case 'w': out += String(d.getUTCDay()); break;
      case 'x': out += strftime('%m/%d/%y', d); break;
      case 'X': out += strftime('%H:%M:%S', d); break;
      case 'y': out += p2(d.getUTCFullYear() % 100); break;
      case 'Y': out += String(d.getUTCFullYear()); break;
      case 'z': out += '+0000'; break;
      case 'Z': out += 'UTC'; break;
      case '%': out += '%'; break;
      default: out += `%${f ?? ''}`;
    }
  }
  return out;
}

/** coreutils `date` default: "Mon Apr 22 10:11:12 UTC 2024". */
export function dateDefault(d: Date): string {
  return strftime('%a %b %e %H:%M:%S %Z %Y', d);
}

/** `ls -l` timestamp: "Apr 22 10:11" within six months of now, otherwise "Feb  7  2022". */
export function lsTime(mtimeMs: number, nowMs: number): string {
  const d = new Date(mtimeMs);
  const recent = nowMs - mtimeMs < 182.5 * 86_400_000 && mtimeMs - nowMs < 3_600_000;
  return recent ? strftime('%b %e %H:%M', d) : `${strftime('%b %e', d)}  ${d.getUTCFullYear()}`;
}

/** `ps` START / STIME (procps pr_start): "10:11" within a day, "Apr15" within a year, else "2023". */
export function psStart(startMs: number, nowMs: number): string {
  const s = new Date(startMs);
  const age = nowMs - startMs;
  if (age < 86_400_000) return strftime('%H:%M', s);
  if (age < 365 * 86_400_000) return strftime('%b%d', s);
  return String(s.getUTCFullYear());
}
