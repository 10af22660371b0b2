// The ldap persona part: an Active Directory domain controller for Windows personas (naming contexts
// from the shared Windows identity's DNS domain, functional levels and error-text build tag from its
// build, site, USN) or OpenLDAP slapd for Linux personas (suffix from the domain); slapd in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import type { PersonaBasis } from '../service';

export interface LdapPersona {
  flavor: 'ad' | 'openldap';
  /** DC=corp,DC=local (AD) or dc=corp,dc=local (OpenLDAP). */
  baseDn: string;
  dnsDomain: string;
  /** dc01.corp.local */
  dnsHostName: string;
  /** NetBIOS computer name (DC01). */
  computer: string;
  site: string;
  /** msDS-Behavior-Version of domain, forest and DC (7 = Windows Server 2016 level, also for 2019/2022). */
  functionality: number;
  /** The "vXXXX" build tag ending AD's LDAP error texts. */
  errorTag: string;
  highestCommittedUsn: number;
}

const dnOf = (domain: string, upper: boolean): string => domain.split('.').filter(Boolean).map((l) => `${upper ? 'DC' : 'dc'}=${l}`).join(',');

export function ldapPersona(b: PersonaBasis): LdapPersona {
  const rng = b.rng('ldap');
  const w = b.windows;
  if (w) {
    const dnsDomain = w.dnsDomain || b.domain;
    return {
      flavor: 'ad', baseDn: dnOf(dnsDomain, true), dnsDomain, dnsHostName: `${b.hostname.toLowerCase()}.${dnsDomain}`, computer: w.netbiosComputer,
      site: 'Default-First-Site-Name', functionality: w.build >= 14393 ? 7 : 6,
      // The LDAP error texts end with the DS build tag: v3839 on 2016, v4563 on 2019 and 2022.
      errorTag: w.build >= 17763 ? 'v4563' : 'v3839',
      highestCommittedUsn: rng.int(40_000, 900_000),
    };
  }
  const domain = b.domain === 'localdomain' ? 'example.com' : b.domain;
  return {
    flavor: 'openldap', baseDn: dnOf(domain, false), dnsDomain: domain, dnsHostName: b.fqdn, computer: b.hostname,
    site: '', functionality: 0, errorTag: '', highestCommittedUsn: 0,
  };
}

export function ldapProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.foreign) return [];
  if (b.release.family === 'debian') return [{ user: 'openldap', command: '/usr/sbin/slapd -h ldap:/// ldapi:/// -g openldap -u openldap -F /etc/ldap/slapd.d' }];
  return [{ user: 'ldap', command: '/usr/sbin/slapd -u ldap -h ldap:/// ldaps:/// ldapi:///' }];
}
