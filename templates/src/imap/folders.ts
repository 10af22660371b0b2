// Authenticated-state IMAP commands over the bait mailbox (RFC 3501 §6.3-6.4): LIST/LSUB, STATUS,
// SELECT/EXAMINE, FETCH, SEARCH, STORE, CLOSE, EXPUNGE, as Dovecot answers them. Returns reply bytes;
// the session owns I/O, timing and events.
import type { Mailbox, MailMessage } from '../_mail/mailbox';
import { astring, type ImapArg } from './args';
import { FetchError, fetchItems, quote, renderFetch, sequenceSet } from './fetch';

export class CommandError extends Error {
  constructor(readonly reply: 'BAD' | 'NO', message: string) {
    super(message);
  }
}

/** Folders of a Debian Dovecot with the stock special-use mailboxes created. */
const FOLDERS: Array<{ name: string; flags: string }> = [
  { name: 'INBOX', flags: '\\HasNoChildren' },
  { name: 'Drafts', flags: '\\HasNoChildren \\Drafts' },
  { name: 'Sent', flags: '\\HasNoChildren \\Sent' },
  { name: 'Junk', flags: '\\HasNoChildren \\Junk' },
  { name: 'Trash', flags: '\\HasNoChildren \\Trash' },
];

function folder(name: string | undefined): string | undefined {
  if (name === undefined) return undefined;
  if (name.toUpperCase() === 'INBOX') return 'INBOX';
  return FOLDERS.find((f) => f.name === name)?.name;
}

/** LIST wildcard match: "*" matches anything, "%" anything but the hierarchy delimiter. */
function globMatch(pattern: string, name: string): boolean {
  const re = new RegExp(`^${pattern.slice(0, 200).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/%/g, '[^/]*')}$`, /^inbox$/i.test(name) ? 'i' : '');
  return re.test(name);
}

export interface FetchOutcome {
  bytes: Buffer;
  uids: number[];
  baitIds: string[];
}

export class Folders {
  selected: string | undefined;
  readOnly = false;
  private readonly seen = new Set<number>();
  private readonly deleted = new Set<number>();

  constructor(private readonly box: Mailbox) {
    for (const m of box.messages) if (m.seen) this.seen.add(m.uid);
  }

  private messages(name: string): MailMessage[] {
    return name === 'INBOX' ? this.box.messages : [];
  }

  list(args: ImapArg[], lsub: boolean): string {
    const ref = astring(args[0]) ?? '';
    const pattern = astring(args[1]);
    if (pattern === undefined) throw new CommandError('BAD', 'Missing arguments');
    if (pattern === '') return '* LIST (\\Noselect) "/" ""\r\n';
    const full = `${ref}${pattern}`;
    const shown = FOLDERS.filter((f) => globMatch(full, f.name) && (!lsub || f.name !== 'Junk'));
    return shown.map((f) => `* ${lsub ? 'LSUB' : 'LIST'} (${lsub ? '' : f.flags}) "/" ${f.name}\r\n`).join('');
  }

  status(args: ImapArg[]): string {
    const name = folder(astring(args[0]));
    if (!name) throw new CommandError('NO', `Mailbox doesn't exist: ${(astring(args[0]) ?? '').slice(0, 100)}`);
    const items = args[1]?.t === 'list' ? args[1].v : undefined;
    if (!items) throw new CommandError('BAD', 'Status items must be list');
    const msgs = this.messages(name);
    const out: string[] = [];
    for (const it of items.slice(0, 16)) {
      const k = it.t === 'atom' ? it.v.toUpperCase() : '';
      if (k === 'MESSAGES') out.push(`MESSAGES ${msgs.length}`);
      else if (k === 'RECENT') out.push('RECENT 0');
      else if (k === 'UIDNEXT') out.push(`UIDNEXT ${msgs.length + 1}`);
      else if (k === 'UIDVALIDITY') out.push(`UIDVALIDITY ${this.box.uidValidity}`);
      else if (k === 'UNSEEN') out.push(`UNSEEN ${msgs.filter((m) => !this.seen.has(m.uid)).length}`);
      else if (k === 'SIZE') out.push(`SIZE ${msgs.reduce((n, m) => n + m.raw.length, 0)}`);
      else throw new CommandError('BAD', `Invalid status item ${k.slice(0, 40)}`);
    }
    return `* STATUS ${quote(name)} (${out.join(' ')})\r\n`;
  }

  select(args: ImapArg[], readOnly: boolean): string {
    const name = folder(astring(args[0]));
    this.selected = undefined;
    if (!name) throw new CommandError('NO', `Mailbox doesn't exist: ${(astring(args[0]) ?? '').slice(0, 100)}`);
    this.selected = name;
    this.readOnly = readOnly;
    const msgs = this.messages(name);
    const firstUnseen = msgs.find((m) => !this.seen.has(m.uid));
    return [
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)',
      readOnly ? '* OK [PERMANENTFLAGS ()] Read-only mailbox.' : '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] Flags permitted.',
      `* ${msgs.length} EXISTS`,
      '* 0 RECENT',
      ...(firstUnseen ? [`* OK [UNSEEN ${firstUnseen.seq}] First unseen.`] : []),
      `* OK [UIDVALIDITY ${this.box.uidValidity}] UIDs valid`,
      `* OK [UIDNEXT ${msgs.length + 1}] Predicted next UID`,
      '',
    ].join('\r\n');
  }

  private target(set: string, uid: boolean): MailMessage[] {
    const msgs = this.messages(this.selected ?? '');
    if (msgs.length === 0) return [];
    try {
      const nums = new Set(sequenceSet(set, uid ? (msgs.at(-1)?.uid ?? 0) : msgs.length));
      return msgs.filter((m) => nums.has(uid ? m.uid : m.seq));
    } catch (e) {
      throw new CommandError('BAD', e instanceof Error ? e.message : 'Invalid messageset');
    }
  }

  fetch(args: ImapArg[], uid: boolean): FetchOutcome {
    const set = args[0]?.t === 'atom' ? args[0].v : undefined;
    if (!set) throw new CommandError('BAD', 'Missing arguments');
    try {
      const items = fetchItems(args[1]);
      const parts: Buffer[] = [];
      const uids: number[] = [];
      const baitIds: string[] = [];
      for (const m of this.target(set, uid)) {
        const r = renderFetch(m, items, this.seen.has(m.uid), uid);
        if (r.markedSeen && !this.readOnly) this.seen.add(m.uid);
        parts.push(r.bytes);
        if (r.bodySent) {
          uids.push(m.uid);
          baitIds.push(...m.baits.map((b) => b.id));
        }
      }
      return { bytes: Buffer.concat(parts), uids, baitIds };
    } catch (e) {
      if (e instanceof FetchError) throw new CommandError('BAD', e.message);
      throw e;
    }
  }

  search(args: ImapArg[], uid: boolean): string {
    let msgs = this.messages(this.selected ?? '');
    const keys = [...args];
    if (keys[0]?.t === 'atom' && keys[0].v.toUpperCase() === 'CHARSET') keys.splice(0, 2);
    for (let i = 0; i < keys.length && i < 32; i++) {
      const k = keys[i];
      const key = k?.t === 'atom' ? k.v.toUpperCase() : '';
      const val = (): string => (astring(keys[++i]) ?? '').toLowerCase();
      if (key === 'ALL') continue;
      if (key === 'SEEN') msgs = msgs.filter((m) => this.seen.has(m.uid));
      else if (key === 'UNSEEN' || key === 'NEW') msgs = msgs.filter((m) => !this.seen.has(m.uid));
      else if (key === 'RECENT' || key === 'DELETED' || key === 'FLAGGED' || key === 'ANSWERED' || key === 'DRAFT') msgs = [];
      else if (key === 'UNDELETED' || key === 'UNFLAGGED' || key === 'UNANSWERED' || key === 'UNDRAFT' || key === 'OLD') continue;
      else if (key === 'FROM') { const v = val(); msgs = msgs.filter((m) => `${m.from.display} ${m.from.address}`.toLowerCase().includes(v)); }
      else if (key === 'TO') { const v = val(); msgs = msgs.filter((m) => `${m.to.display} ${m.to.address}`.toLowerCase().includes(v)); }
      else if (key === 'SUBJECT') { const v = val(); msgs = msgs.filter((m) => m.subject.toLowerCase().includes(v)); }
      else if (key === 'BODY' || key === 'TEXT') { const v = val(); msgs = msgs.filter((m) => (key === 'BODY' ? m.text : m.raw).toString('utf8').toLowerCase().includes(v)); }
      else if (key === 'UID') { const v = keys[++i]; const set = new Set(this.target(v?.t === 'atom' ? v.v : '', true).map((m) => m.uid)); msgs = msgs.filter((m) => set.has(m.uid)); }
      else if (/^[\d*:,]+$/.test(key)) { const set = new Set(this.target(key, false).map((m) => m.uid)); msgs = msgs.filter((m) => set.has(m.uid)); }
      else if (key === 'SINCE' || key === 'BEFORE' || key === 'ON' || key === 'SENTSINCE' || key === 'SENTBEFORE' || key === 'LARGER' || key === 'SMALLER') i++;
      else throw new CommandError('BAD', `Unknown argument ${key.slice(0, 40)}`);
    }
    return `* SEARCH${msgs.map((m) => ` ${uid ? m.uid : m.seq}`).join('')}\r\n`;
  }

  store(args: ImapArg[], uid: boolean): string {
    const set = args[0]?.t === 'atom' ? args[0].v : '';
    const op = args[1]?.t === 'atom' ? args[1].v.toUpperCase() : '';
    const flagArg = args[2];
    const flags = (flagArg?.t === 'list' ? flagArg.v : flagArg ? [flagArg] : []).flatMap((f) => (f.t === 'atom' ? [f.v.toLowerCase()] : []));
    if (!/^[+-]?FLAGS(\.SILENT)?$/.test(op)) throw new CommandError('BAD', 'Invalid arguments.');
    if (this.readOnly) throw new CommandError('NO', 'Mailbox is read-only.');
    let out = '';
    for (const m of this.target(set, uid)) {
      for (const [flag, bag] of [['\\seen', this.seen], ['\\deleted', this.deleted]] as const) {
        const has = flags.includes(flag);
        if (op.startsWith('-')) { if (has) bag.delete(m.uid); }
        else if (op.startsWith('+')) { if (has) bag.add(m.uid); }
        else if (has) bag.add(m.uid);
        else bag.delete(m.uid);
      }
      const shown = [this.seen.has(m.uid) ? '\\Seen' : '', this.deleted.has(m.uid) ? '\\Deleted' : ''].filter(Boolean).join(' ');
      if (!op.endsWith('.SILENT')) out += `* ${m.seq} FETCH (${uid ? `UID ${m.uid} ` : ''}FLAGS (${shown}))\r\n`;
    }
    return out;
  }

  close(): void {
    this.selected = undefined;
  }
}
