// The rootDSE (RFC 4512 §5.1) as the persona's server shows it to an anonymous base search of "":
// Active Directory's attributes in the order a DC returns them (MS-ADTS §3.1.1.3.2), or slapd's.
import type { LdapPersona } from './persona';

export type Attrs = Array<[string, string[]]>;

/** Controls a Windows Server 2016+ DC lists in supportedControl. */
const AD_CONTROLS = [
  '1.2.840.113556.1.4.319', '1.2.840.113556.1.4.801', '1.2.840.113556.1.4.473', '1.2.840.113556.1.4.528', '1.2.840.113556.1.4.417',
  '1.2.840.113556.1.4.619', '1.2.840.113556.1.4.841', '1.2.840.113556.1.4.529', '1.2.840.113556.1.4.805', '1.2.840.113556.1.4.521',
  '1.2.840.113556.1.4.970', '1.2.840.113556.1.4.1338', '1.2.840.113556.1.4.474', '1.2.840.113556.1.4.1339', '1.2.840.113556.1.4.1340',
  '1.2.840.113556.1.4.1413', '2.16.840.1.113730.3.4.9', '2.16.840.1.113730.3.4.10', '1.2.840.113556.1.4.1504', '1.2.840.113556.1.4.1852',
  '1.2.840.113556.1.4.802', '1.2.840.113556.1.4.1907', '1.2.840.113556.1.4.1948', '1.2.840.113556.1.4.1974', '1.2.840.113556.1.4.1341',
  '1.2.840.113556.1.4.2026', '1.2.840.113556.1.4.2064', '1.2.840.113556.1.4.2065', '1.2.840.113556.1.4.2066', '1.2.840.113556.1.4.2090',
  '1.2.840.113556.1.4.2205', '1.2.840.113556.1.4.2204', '1.2.840.113556.1.4.2206', '1.2.840.113556.1.4.2211', '1.2.840.113556.1.4.2239',
  '1.2.840.113556.1.4.2255', '1.2.840.113556.1.4.2256', '1.2.840.113556.1.4.2309',
];
const AD_POLICIES = [
  'MaxPoolThreads', 'MaxPercentDirSyncRequests', 'MaxDatagramRecv', 'MaxReceiveBuffer', 'InitRecvTimeout', 'MaxConnections',
  'MaxConnIdleTime', 'MaxPageSize', 'MaxBatchReturnMessages', 'MaxQueryDuration', 'MaxDirSyncDuration', 'MaxTempTableSize',
  'MaxResultSetSize', 'MinResultSets', 'MaxResultSetsPerConn', 'MaxNotificationPerConn', 'MaxValRange', 'MaxValRangeTransitive',
  'ThreadMemoryLimit', 'SystemMemoryLimitPercent',
];
const AD_CAPABILITIES = ['1.2.840.113556.1.4.800', '1.2.840.113556.1.4.1670', '1.2.840.113556.1.4.1791', '1.2.840.113556.1.4.1935', '1.2.840.113556.1.4.2080', '1.2.840.113556.1.4.2237'];

/** GeneralizedTime as AD writes currentTime: "20261204231200.0Z". */
export function generalizedTime(d: Date): string {
  return `${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}.0Z`;
}

export function adRootDse(p: LdapPersona, now: Date): Attrs {
  const config = `CN=Configuration,${p.baseDn}`;
  const server = `CN=${p.computer},CN=Servers,CN=${p.site},CN=Sites,${config}`;
  const level = String(p.functionality);
  return [
    ['currentTime', [generalizedTime(now)]],
    ['subschemaSubentry', [`CN=Aggregate,CN=Schema,${config}`]],
    ['dsServiceName', [`CN=NTDS Settings,${server}`]],
    ['namingContexts', [p.baseDn, config, `CN=Schema,${config}`, `DC=DomainDnsZones,${p.baseDn}`, `DC=ForestDnsZones,${p.baseDn}`]],
    ['defaultNamingContext', [p.baseDn]],
    ['rootDomainNamingContext', [p.baseDn]],
    ['configurationNamingContext', [config]],
    ['schemaNamingContext', [`CN=Schema,${config}`]],
    ['supportedControl', AD_CONTROLS],
    ['supportedLDAPVersion', ['3', '2']],
    ['supportedLDAPPolicies', AD_POLICIES],
    ['highestCommittedUSN', [String(p.highestCommittedUsn)]],
    ['supportedSASLMechanisms', ['GSSAPI', 'GSS-SPNEGO', 'EXTERNAL', 'DIGEST-MD5']],
    ['dnsHostName', [p.dnsHostName]],
    ['ldapServiceName', [`${p.dnsDomain}:${p.computer.toLowerCase()}$@${p.dnsDomain.toUpperCase()}`]],
    ['serverName', [server]],
    ['supportedCapabilities', AD_CAPABILITIES],
    ['isSynchronized', ['TRUE']],
    ['isGlobalCatalogReady', ['TRUE']],
    ['domainFunctionality', [level]],
    ['forestFunctionality', [level]],
    ['domainControllerFunctionality', [level]],
  ];
}

/** slapd's rootDSE: user attributes by default, operational ones when asked for ("+" or by name). */
export function openldapRootDse(p: LdapPersona, requested: readonly string[]): Attrs {
  const user: Attrs = [['objectClass', ['top', 'OpenLDAProotDSE']]];
  const operational: Attrs = [
    ['structuralObjectClass', ['OpenLDAProotDSE']],
    ['configContext', ['cn=config']],
    ['namingContexts', [p.baseDn]],
    ['supportedControl', ['2.16.840.1.113730.3.4.18', '2.16.840.1.113730.3.4.2', '1.3.6.1.4.1.4203.1.10.1', '1.3.6.1.1.22', '1.2.840.113556.1.4.319', '1.2.826.0.1.3344810.2.3', '1.3.6.1.1.13.2', '1.3.6.1.1.13.1', '1.3.6.1.1.12']],
    ['supportedExtension', ['1.3.6.1.4.1.1466.20037', '1.3.6.1.4.1.4203.1.11.1', '1.3.6.1.4.1.4203.1.11.3', '1.3.6.1.1.8']],
    ['supportedFeatures', ['1.3.6.1.1.14', '1.3.6.1.4.1.4203.1.5.1', '1.3.6.1.4.1.4203.1.5.2', '1.3.6.1.4.1.4203.1.5.3', '1.3.6.1.4.1.4203.1.5.4', '1.3.6.1.4.1.4203.1.5.5']],
    ['supportedLDAPVersion', ['3']],
    ['supportedSASLMechanisms', ['DIGEST-MD5', 'NTLM', 'CRAM-MD5']],
    ['entryDN', ['']],
    ['subschemaSubentry', ['cn=Subschema']],
  ];
  const want = new Set(requested.map((a) => a.toLowerCase()));
  const all = want.size === 0 || want.has('*');
  return [
    ...user.filter(([n]) => all || want.has(n.toLowerCase())),
    ...operational.filter(([n]) => want.has('+') || want.has(n.toLowerCase())),
  ];
}

/** AD returns only the requested rootDSE attributes ("*" or none: all). */
export function selectAttrs(attrs: Attrs, requested: readonly string[]): Attrs {
  const want = new Set(requested.map((a) => a.toLowerCase()));
  if (want.size === 0 || want.has('*')) return attrs;
  return attrs.filter(([n]) => want.has(n.toLowerCase()));
}
