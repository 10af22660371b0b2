// The `email` rule source: an SMTP transaction step or message summary (templates/src/smtp) as
// "key: value" lines for the email rules (R0041–R0047). Values are attacker data: one line each
// (CR/LF folded to spaces, so a subject cannot forge a line), bounded, never interpreted.
import type { ServiceEvent } from '@decnet/protocol';

const VALUE_MAX_CHARS = 256;
const LIST_MAX = 10;

const one = (v: string | undefined) => (v ?? '').replace(/[\r\n]+/g, ' ').slice(0, VALUE_MAX_CHARS);

/** Domain of an address ("Name" <user@Dom.example> or user@dom): lowercased, '' when none. */
export function addressDomain(v: string | undefined): string {
  const m = /@([^\s<>"@,;]+)>?\s*$/.exec(v ?? '') ?? /@([^\s<>"@,;]+)/.exec(v ?? '');
  return m ? m[1]!.toLowerCase().replace(/\.$/, '') : '';
}

function jsonList(json: string | undefined): unknown[] {
  if (!json || json[0] !== '[') return [];
  try {
    const v: unknown = JSON.parse(json);
    return Array.isArray(v) ? v.slice(0, LIST_MAX) : [];
  } catch {
    return [];
  }
}

/** The email text of an event, or null for events that are not an SMTP step the rules read. */
export function emailText(e: ServiceEvent): string | null {
  const f = e.fields;
  switch (e.eventType) {
    case 'rcpt_to':
      return `event: rcpt_to\nrcpt: ${one(f.value)}\nrelay: ${one(f.relay)}`;
    case 'message_stored': {
      const lines = [
        'event: message_stored',
        `mail_from: ${one(f.mail_from)}`,
        `from: ${one(f.from_hdr)}`,
        `sender_domains: envelope=${addressDomain(f.mail_from) || '-'} header=${addressDomain(f.from_hdr) || '-'}`,
        `subject: ${one(f.subject)}`,
        `x_mailer: ${one(f.x_mailer)}`,
        `rcpt_count: ${f.rcpt_to ? f.rcpt_to.split(',').length : 0}`,
      ];
      for (const a of jsonList(f.attachments_json)) {
        if (a && typeof a === 'object') lines.push(`attachment: ${one(String((a as Record<string, unknown>).filename ?? ''))} ${one(String((a as Record<string, unknown>).content_type ?? ''))}`);
      }
      for (const u of jsonList(f.urls_json)) if (typeof u === 'string') lines.push(`url: ${one(u)}`);
      return lines.join('\n');
    }
    default:
      return null;
  }
}
