// The ldap template: an Active Directory DC's (or slapd's) LDAP on 389 and LDAPS on 636: simple
// binds captured and refused like the real server, rootDSE, anonymous search refusals, StartTLS.
import { defineService } from '../service';
import type { Template } from '../template';
import { ldapConfigSchema, type LdapConfig } from './config';
import { ldapPersona, ldapProcesses } from './persona';
import { createLdapSession } from './session';

export const ldapTemplate: Template<LdapConfig> = {
  name: 'ldap',
  defaultPorts: [389, 636],
  tlsPorts: [636],
  configSchema: ldapConfigSchema,
  createSession: createLdapSession,
};

/** nmap's LDAPSearchReq probe: an anonymous base search of the rootDSE. */
const ROOTDSE_PROBE = Buffer.from('30840000002d02010763840000002404000a01000a0100020100020164010100870b6f626a656374436c617373308400000000', 'hex');

export const ldapService = defineService({
  template: ldapTemplate,
  description: 'LDAP/LDAPS of an AD domain controller (or slapd): simple bind capture, rootDSE, AD search refusals, StartTLS',
  persona: ldapPersona,
  processes: ldapProcesses,
  smoke: { send: ROOTDSE_PROBE, expect: (p): string => (p.services.ldap.flavor === 'ad' ? p.services.ldap.dnsHostName : 'OpenLDAProotDSE') },
});

export type { LdapConfig } from './config';
