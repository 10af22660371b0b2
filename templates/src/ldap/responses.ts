// LDAP responses (RFC 4511 §4.1.9 LDAPResult, §4.2.2 BindResponse, §4.5.2 SearchResultEntry/Done,
// §4.12 ExtendedResponse) and the servers' diagnostic texts: Active Directory's "LdapErr: DSID-..."
// strings (NUL-terminated, as AD sends them) or slapd's.
import { integer, octets, seq } from './ber';
import type { LdapPersona } from './persona';
import type { Attrs } from './root-dse';

export const RC = { success: 0, operationsError: 1, protocolError: 2, authMethodNotSupported: 7, saslBindInProgress: 14, noSuchObject: 32, invalidCredentials: 49, unwillingToPerform: 53 } as const;

export const APP = { bind: 0x61, searchEntry: 0x64, searchDone: 0x65, modify: 0x67, add: 0x69, del: 0x6b, modDn: 0x6d, compare: 0x6f, extended: 0x78 } as const;

/** The response type for a request op tag (modify 0x66 -> 0x67 ...). */
export function responseTagFor(requestTag: number): number {
  const map: Record<number, number> = { 0x66: APP.modify, 0x68: APP.add, 0x4a: APP.del, 0x6c: APP.modDn, 0x6e: APP.compare };
  return map[requestTag] ?? APP.extended;
}

export function message(id: number, op: Buffer): Buffer {
  return seq(0x30, integer(id), op);
}

export function result(tag: number, code: number, diagnostic: string, matchedDn: string | Buffer = '', ...extra: Buffer[]): Buffer {
  return seq(tag, integer(code, 0x0a), octets(matchedDn), octets(diagnostic), ...extra);
}

export function entry(dn: string, attrs: Attrs): Buffer {
  return seq(APP.searchEntry, octets(dn), seq(0x30, ...attrs.map(([n, vals]) => seq(0x30, octets(n), seq(0x31, ...vals.map((v) => octets(v)))))));
}

/** AD appends ", data N, vXXXX" and a NUL to its texts; slapd sends short texts or none. */
export const TEXT = {
  invalidCredentials: (p: LdapPersona): string => (p.flavor === 'ad' ? `80090308: LdapErr: DSID-0C090439, comment: AcceptSecurityContext error, data 52e, ${p.errorTag}\0` : ''),
  /** SASL (GSS-SPNEGO) failures report SEC_E_LOGON_DENIED. */
  saslFailed: (p: LdapPersona): string => `8009030C: LdapErr: DSID-0C0906B5, comment: AcceptSecurityContext error, data 52e, ${p.errorTag}\0`,
  bindRequired: (p: LdapPersona): string =>
    `000004DC: LdapErr: DSID-0C090A5C, comment: In order to perform this operation a successful bind must be completed on the connection., data 0, ${p.errorTag}\0`,
  noSuchObject: (p: LdapPersona, base: string): string =>
    p.flavor === 'ad' ? `0000208D: NameErr: DSID-03100241, problem 2001 (NO_OBJECT), data 0, best match of:\n\t'${base}'\n\0` : '',
  authMethod: (p: LdapPersona): string => (p.flavor === 'ad' ? `00002028: LdapErr: DSID-0C09029A, comment: The server requires binds to turn on integrity checking if SSL\\TLS are not already active on the connection, data 0, ${p.errorTag}\0` : 'SASL(-4): no mechanism available: '),
  unknownExtended: (p: LdapPersona, name: string): string => (p.flavor === 'ad' ? `0000203D: LdapErr: DSID-0C090CB8, comment: Unknown extended request OID, data 0, ${p.errorTag}\0` : `${name.slice(0, 64)} not supported`),
  tlsAlready: (p: LdapPersona): string => (p.flavor === 'ad' ? `00002022: LdapErr: DSID-0C090D2F, comment: TLS or SSL already in effect, data 0, ${p.errorTag}\0` : 'TLS already started'),
  protocolVersion: (p: LdapPersona): string => (p.flavor === 'ad' ? `00002024: LdapErr: DSID-0C090ACB, comment: Unsupported LDAP protocol version, data 0, ${p.errorTag}\0` : 'requested protocol version not supported'),
};
