// Email rules (DECNET R0041–R0047) over the `email` source (attack/email-text.ts): SMTP relaying,
// mass and kit-sent phishing, IDN homoglyphs, envelope/header sender mismatch, dangerous attachments,
// BEC lures. Examples are built from message_stored/rcpt_to fields as the smtp template emits them.
import type { ServiceEvent } from '@decnet/protocol';
import { emailText } from '../email-text';
import type { RepoRule } from './types';

const mail = (fields: Record<string, string>, eventType = 'message_stored') => emailText({ eventType, fields } as unknown as ServiceEvent)!;
const att = (...names: string[]) => JSON.stringify(names.map((n) => ({ filename: n, content_type: 'application/octet-stream', size: 10, sha256: '0'.repeat(64) })));
const BASE = { mail_from: 'it@corp.example', from_hdr: '"IT Desk" <it@corp.example>', rcpt_to: 'maria@corp.local', subject: 'Weekly report', x_mailer: 'Microsoft Outlook 16.0' };

export const emailRules: RepoRule[] = [
  {
    id: 'R0041', version: 1, name: 'smtp_open_relay', description: 'A recipient outside the decky\'s domains accepted for relaying: the mail server used to send the attacker\'s mail.',
    appliesTo: ['email'], match: { kind: 'pattern', pattern: String.raw`(?:^|\n)event: rcpt_to\n[^\n]*\nrelay: true(?:\n|$)`, flags: '' },
    emits: [{ tactic: 'impact', technique: 'T1496', confidence: 0.6 }, { tactic: 'resource-development', technique: 'T1586', subTechnique: 'T1586.002', confidence: 0.3 }], evidence: ['email'],
    examples: { match: [mail({ value: 'victim@gmail.com', relay: 'true' }, 'rcpt_to')], noMatch: [mail({ value: 'deploy@corp.local', relay: 'false' }, 'rcpt_to'), mail({ ...BASE, subject: 'relay: true' })] },
  },
  {
    id: 'R0042', version: 1, name: 'mass_phishing', description: 'One message to ten or more recipients.',
    appliesTo: ['email'], match: { kind: 'pattern', pattern: String.raw`\nrcpt_count: [1-9]\d+(?:\n|$)`, flags: '' },
    emits: [{ tactic: 'initial-access', technique: 'T1566', confidence: 0.5 }], evidence: ['email'],
    examples: { match: [mail({ ...BASE, rcpt_to: Array.from({ length: 12 }, (_, i) => `u${i}@corp.local`).join(',') })], noMatch: [mail({ ...BASE, rcpt_to: 'a@corp.local,b@corp.local' })] },
  },
  {
    id: 'R0043', version: 1, name: 'phishing_kit_mailer', description: 'X-Mailer of a phishing framework or bulk mailer (GoPhish, Leaf PHPMailer, KingMailer, ...).',
    appliesTo: ['email'], match: { kind: 'pattern', pattern: String.raw`\nx_mailer: [^\n]*\b(?:gophish|leaf\s?phpmailer|king\s?mailer|atomic mail sender|sendblaster|turbo[- ]?mailer|super\s?mailer|mass\s?mailer|bulk\s?mailer|email bomber|sendinbox|phpmailer 5\.[0-2]\.)`, flags: 'i' },
    emits: [{ tactic: 'initial-access', technique: 'T1566', confidence: 0.7 }, { tactic: 'resource-development', technique: 'T1588', subTechnique: 'T1588.002', confidence: 0.5 }], evidence: ['email', 'match'],
    examples: { match: [mail({ ...BASE, x_mailer: 'gophish' }), mail({ ...BASE, x_mailer: 'Leaf PHPMailer 2.7 (leafmailer.pw)' }), mail({ ...BASE, x_mailer: 'PHPMailer 5.2.9 (https://github.com/PHPMailer/PHPMailer/)' })], noMatch: [mail(BASE), mail({ ...BASE, x_mailer: 'PHPMailer 6.9.1 (https://github.com/PHPMailer/PHPMailer)' }), mail({ ...BASE, subject: 'x_mailer: gophish' })] },
  },
  {
    id: 'R0044', version: 1, name: 'idn_homoglyph', description: 'Punycode (IDN) domain in the sender or a link: a look-alike of a real name.',
    appliesTo: ['email'], match: { kind: 'pattern', pattern: String.raw`\n(?:from|mail_from|url): [^\n]*\bxn--[a-z0-9-]{2,}`, flags: 'i' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1036', subTechnique: 'T1036.005', confidence: 0.5 }, { tactic: 'initial-access', technique: 'T1566', subTechnique: 'T1566.002', confidence: 0.5 }], evidence: ['email', 'match'],
    examples: { match: [mail({ ...BASE, urls_json: JSON.stringify(['https://xn--pypal-4ve.com/login']) }), mail({ ...BASE, mail_from: 'security@xn--micrsoft-m7a.com' })], noMatch: [mail({ ...BASE, urls_json: JSON.stringify(['https://www.paypal.com/login']) }), mail({ ...BASE, subject: 'about xn--pypal-4ve.com' })] },
  },
  {
    id: 'R0045', version: 1, name: 'sender_spoofing', description: 'The From header names a domain unrelated to the envelope sender (MAIL FROM).',
    appliesTo: ['email'],
    match: { kind: 'pattern', pattern: String.raw`\nsender_domains: envelope=(?!-\s)(?=([^ \n]+) header=([^\n]+))(?![^ \n]*\.\2 header=)(?!\2 header=)[^ \n]+ header=(?!-(?:\n|$))(?![^\n]*\.\1(?:\n|$))(?!\1(?:\n|$))`, flags: '' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1672', confidence: 0.5 }], evidence: ['email'],
    examples: {
      match: [mail({ ...BASE, mail_from: 'bounce@mailer.evil.test', from_hdr: '"PayPal" <service@paypal.com>' }), mail({ ...BASE, mail_from: 'a@corp.example.net', from_hdr: 'ceo@corp.example' })],
      noMatch: [mail(BASE), mail({ ...BASE, mail_from: 'bounces@mail.corp.example' }), mail({ ...BASE, from_hdr: 'it@mail.corp.example' }), mail({ ...BASE, mail_from: '' }), mail({ ...BASE, from_hdr: 'undisclosed' })],
    },
  },
  {
    id: 'R0046', version: 1, name: 'malicious_attachment', description: 'An executable, script, shortcut, disk image or macro document attached.',
    appliesTo: ['email'], match: { kind: 'pattern', pattern: String.raw`\nattachment: [^\n]*\.(?:exe|scr|com|pif|cpl|js|jse|vbs|vbe|wsf|wsh|hta|bat|cmd|ps1|lnk|iso|img|vhdx?|docm|xlsm|pptm|dotm|xlam|jar|msi|one|chm|reg)(?= |\n|$)`, flags: 'i' },
    emits: [{ tactic: 'initial-access', technique: 'T1566', subTechnique: 'T1566.001', confidence: 0.8 }, { tactic: 'execution', technique: 'T1204', subTechnique: 'T1204.002', confidence: 0.5 }], evidence: ['email', 'match'],
    examples: { match: [mail({ ...BASE, attachments_json: att('Invoice_2291.pdf.exe') }), mail({ ...BASE, attachments_json: att('report.pdf', 'scan.ISO') }), mail({ ...BASE, attachments_json: att('Payroll Q3.xlsm') })], noMatch: [mail({ ...BASE, attachments_json: att('report.pdf', 'photo.jpg') }), mail({ ...BASE, subject: 'attachment: x.exe' })] },
  },
  {
    id: 'R0047', version: 1, name: 'bec_lure', description: 'Business email compromise lure: payment, bank detail change, gift cards or "are you available" in the subject.',
    appliesTo: ['email'], match: { kind: 'pattern', pattern: String.raw`\nsubject: [^\n]*\b(?:wire transfer|change of bank|bank (?:details|account) (?:change|update)|(?:urgent|pending) payment|payment request|gift ?cards?|are you (?:available|at your desk)|invoice (?:overdue|payment)|remittance advice|payroll (?:update|change)|direct deposit)`, flags: 'i' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1656', confidence: 0.4 }, { tactic: 'initial-access', technique: 'T1566', confidence: 0.4 }], evidence: ['email', 'match'],
    examples: { match: [mail({ ...BASE, subject: 'URGENT wire transfer needed today' }), mail({ ...BASE, subject: 'Re: Are you available?' }), mail({ ...BASE, subject: 'Change of bank details for next invoice' })], noMatch: [mail(BASE), mail({ ...BASE, subject: 'Quarterly transfer of servers' })] },
  },
];
