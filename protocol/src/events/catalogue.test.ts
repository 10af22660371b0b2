import { describe, expect, it } from 'vitest';
import {
  AGENT_MSGIDS,
  AGENT_SERVICE,
  ALL_MSGIDS, COMMON_MSGIDS, isCommonMsgid, isKnownMsgid, isServiceSlug, msgidsFor, SERVICE_MSGIDS, SERVICE_SLUGS,
} from './catalogue';

describe('MSGID catalogue', () => {
  it('lists the 28 per-decky services of inventory §1.2 plus the sniffer', () => {
    expect(SERVICE_SLUGS).toHaveLength(29);
    for (const s of ['ssh', 'telnet', 'http', 'https', 'ftp', 'tftp', 'smb', 'rdp', 'vnc', 'smtp', 'smtp_relay', 'imap',
      'pop3', 'ldap', 'llmnr', 'dns', 'mysql', 'postgres', 'mssql', 'mongodb', 'redis', 'elasticsearch', 'mqtt', 'snmp',
      'sip', 'k8s', 'docker_api', 'conpot', 'sniffer']) {
      expect(isServiceSlug(s), s).toBe(true);
    }
    expect(isServiceSlug('cowrie')).toBe(false);
    expect(isServiceSlug('__proto__')).toBe(false);
  });

  it('keeps DECNET MSGIDs per service', () => {
    expect(isKnownMsgid('ssh', 'auth_attempt')).toBe(true);
    expect(isKnownMsgid('ssh', 'file_captured')).toBe(true);
    expect(isKnownMsgid('http', 'http_request_fingerprint')).toBe(true);
    expect(isKnownMsgid('smb', 'auth_attempt')).toBe(true);
    expect(isKnownMsgid('rdp', 'rdp_cookie')).toBe(true);
    expect(isKnownMsgid('vnc', 'auth_response')).toBe(true);
    expect(isKnownMsgid('smtp', 'message_stored')).toBe(true);
    expect(isKnownMsgid('smtp_relay', 'rcpt_greylisted')).toBe(true);
    expect(isKnownMsgid('dns', 'tunneling_suspect')).toBe(true);
    expect(isKnownMsgid('postgres', 'startup')).toBe(true);
    expect(isKnownMsgid('mongodb', 'auth_start')).toBe(true);
    expect(isKnownMsgid('elasticsearch', 'head_request')).toBe(true);
    expect(isKnownMsgid('mqtt', 'protocol_error')).toBe(true);
    expect(isKnownMsgid('snmp', 'get_request')).toBe(true);
    expect(isKnownMsgid('tftp', 'unknown_opcode')).toBe(true);
    expect(isKnownMsgid('llmnr', 'raw_packet')).toBe(true);
    expect(isKnownMsgid('sniffer', 'tls_client_hello')).toBe(true);
  });

  it('lets every service emit the common MSGIDs', () => {
    for (const s of SERVICE_SLUGS) {
      for (const m of ['startup', 'connect', 'disconnect', 'error', 'session_timeout', 'oversized_input']) {
        expect(isKnownMsgid(s, m), `${s}/${m}`).toBe(true);
      }
    }
    expect(isCommonMsgid('connect')).toBe(true);
    expect(isCommonMsgid('auth_attempt')).toBe(false);
  });

  it('rejects MSGIDs of other services and unknown services', () => {
    expect(isKnownMsgid('ssh', 'rdp_cookie')).toBe(false);
    expect(isKnownMsgid('redis', 'get_request')).toBe(false);
    expect(isKnownMsgid('nope', 'connect')).toBe(false);
    expect(msgidsFor('nope')).toEqual([]);
  });

  it('only holds valid RFC 5424 MSGIDs (1-32 printable ASCII, no duplicates per service)', () => {
    for (const m of ALL_MSGIDS) expect(m).toMatch(/^[a-z0-9_]{1,32}$/);
    for (const s of SERVICE_SLUGS) {
      const own = SERVICE_MSGIDS[s] as readonly string[];
      expect(new Set(own).size, s).toBe(own.length);
      expect(msgidsFor(s)).toEqual([...new Set([...COMMON_MSGIDS, ...own])].sort());
    }
    expect(ALL_MSGIDS).toEqual([...ALL_MSGIDS].sort());
  });

  it('lists the host agent\'s own events apart from the decky services', () => {
    expect(AGENT_MSGIDS).toEqual(['spool_dropped', 'event_quarantined', 'parse_error']);
    expect(SERVICE_SLUGS as readonly string[]).not.toContain(AGENT_SERVICE);
  });
});
