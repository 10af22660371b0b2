// Email and browser ATT&CK rules end to end: a phishing message sent to the real smtp_relay template
// (in memory) and a clean one to the smtp template, their events ingested by the real control-plane
// ingest into libSQL; a canary fingerprint from an automated, User-Agent-spoofing browser recorded by
// the real trigger path. The expected rule ids land on the attacker, none on the clean sender.
import type { ServiceEvent } from '@decnet/protocol';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { HostRow } from '../../control-plane/src/db/schema';
import { ingestEvents } from '../../control-plane/src/services/agent/ingest-events';
import { createToken, getTokenRow } from '../../control-plane/src/services/canaries/store';
import { recordTrigger } from '../../control-plane/src/services/canaries/trigger';
import { attackerIdFor } from '../../control-plane/src/services/intel/aggregate';
import { memoryDeps } from '../../control-plane/src/testing/memory-deps';
import { startSession } from '../../templates/src/_testing';
import { smtpTemplate } from '../../templates/src/smtp/index';
import { smtpRelayTemplate } from '../../templates/src/smtp_relay/index';

const b64 = (s: string) => Buffer.from(s).toString('base64');
let n = 0;

async function smtpEvents(template: typeof smtpTemplate | typeof smtpRelayTemplate, ip: string, script: string, done: RegExp): Promise<ServiceEvent[]> {
  const { peer, ctx } = startSession(template as typeof smtpTemplate);
  peer.send(script);
  await peer.until(done);
  return ctx.events.map((e) => {
    const fields = Object.fromEntries(Object.entries({ session_id: `smtp-${ip}`, ...e.fields }).filter((kv) => kv[1] !== undefined).map(([k, v]) => [k, String(v)]));
    const ts = new Date().toISOString();
    return { id: `m-${++n}`, ts, decky: 'mail-01', service: template.name, eventType: e.msgid, srcIp: ip, srcPort: 40000 + n, fields, raw: `<134>1 ${ts} mail-01 ${template.name} - ${e.msgid} -` };
  });
}

const tagsOf = async (deps: Awaited<ReturnType<typeof memoryDeps>>, ip: string) =>
  (await deps.db.all<{ rule_id: string; technique_id: string }>(sql`SELECT rule_id, technique_id FROM attack_tags WHERE attacker_id = ${attackerIdFor(ip)} ORDER BY 1, 2`)).map((r) => `${r.rule_id} ${r.technique_id}`);

describe('email and browser ATT&CK rules end to end', () => {
  it('tags a phishing run through an open relay and leaves a clean message alone', async () => {
    const deps = await memoryDeps();
    const host = { id: 'host-mail' } as HostRow;
    const rcpts = Array.from({ length: 12 }, (_, i) => `RCPT TO:<user${i}@victim-corp.example>\r\n`).join('');
    const phish = [
      'From: "PayPal Service" <service@paypal.com>', 'To: undisclosed-recipients:;', 'Subject: URGENT wire transfer before 5pm', 'X-Mailer: gophish',
      'MIME-Version: 1.0', 'Content-Type: multipart/mixed; boundary="B1"', '', '--B1', 'Content-Type: text/plain', '',
      'Confirm at https://xn--pypal-4ve.com/verify', '--B1', 'Content-Type: application/octet-stream; name="Invoice_2291.pdf.exe"',
      'Content-Transfer-Encoding: base64', 'Content-Disposition: attachment; filename="Invoice_2291.pdf.exe"', '', b64('MZ fake'), '--B1--', '',
    ].join('\r\n');
    const bad = await smtpEvents(smtpRelayTemplate, '198.51.100.41', `EHLO kit\r\nMAIL FROM:<bounce@mailer.evil.test>\r\n${rcpts}DATA\r\n${phish}.\r\nQUIT\r\n`, /221 /);
    const clean = [`From: "Maria" <maria@corp.local>`, 'To: deploy@corp.local', 'Subject: Weekly report', 'X-Mailer: Microsoft Outlook 16.0', '', 'See the share.', ''].join('\r\n');
    const good = await smtpEvents(smtpTemplate, '198.51.100.42', `EHLO ws-12\r\nMAIL FROM:<maria@corp.local>\r\nRCPT TO:<deploy@corp.local>\r\nDATA\r\n${clean}.\r\nQUIT\r\n`, /221 /);
    expect(bad.some((e) => e.eventType === 'message_stored')).toBe(true);
    expect(good.some((e) => e.eventType === 'message_stored')).toBe(true);
    await ingestEvents(deps, host, [...bad, ...good]);
    const tags = await tagsOf(deps, '198.51.100.41');
    for (const t of ['R0041 T1496', 'R0041 T1586.002', 'R0042 T1566', 'R0043 T1566', 'R0043 T1588.002', 'R0044 T1036.005', 'R0044 T1566.002', 'R0045 T1672', 'R0046 T1204.002', 'R0046 T1566.001', 'R0047 T1656']) expect(tags).toContain(t);
    expect(await tagsOf(deps, '198.51.100.42')).toEqual([]);
  });

  it('tags an automated, User-Agent-spoofing browser that opened a canary, for a known attacker only', async () => {
    const deps = await memoryDeps();
    const ip = '198.51.100.49';
    await ingestEvents(deps, { id: 'host-web' } as HostRow, [{ id: 'w-1', ts: new Date().toISOString(), decky: 'web-01', service: 'http', eventType: 'request', srcIp: ip, srcPort: 41000, fields: { path: '/' }, raw: '<134>1 - web-01 http - request -' }]);
    const token = await getTokenRow(deps, (await createToken(deps, { generator: 'html', memo: '' }, 'http://cp.example')).id);
    const win = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0 Safari/537.36';
    const fingerprint = { userAgent: win, platform: 'Linux x86_64', webdriver: true, timeZone: 'UTC', languages: ['en-US'] };
    await recordTrigger(deps, token, { via: 'fingerprint', srcIp: ip, userAgent: win, fingerprint, fingerprintVerified: true });
    await recordTrigger(deps, token, { via: 'fingerprint', srcIp: '198.51.100.50', userAgent: win, fingerprint, fingerprintVerified: true });
    await recordTrigger(deps, token, { via: 'fingerprint', srcIp: ip, userAgent: win, fingerprint: { userAgent: win, platform: 'Win32', webdriver: false }, fingerprintVerified: true });
    expect(await tagsOf(deps, ip)).toEqual(['R0049 T1059', 'R0053 T1036']);
    expect(await tagsOf(deps, '198.51.100.50')).toEqual([]); // never seen at a decky: no attacker to tag
    const [row] = await deps.db.all<{ count: number; evidence_json: string }>(sql`SELECT count, evidence_json FROM attack_tags WHERE rule_id = 'R0049'`);
    expect(row!.count).toBe(1);
    expect(JSON.parse(row!.evidence_json).browser).toContain('webdriver: true');
  });
});
