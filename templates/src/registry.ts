// The typed service registry (CONVENTIONS §10): one line per emulated service, keyed by its protocol
// slug. Each line is the ServiceDefinition its folder exports; persona types, `ps`, the catalogue,
// the runtimes and the smoke tests all read from here, so adding a service is its folder plus one line.
import type { ServiceSlug } from '@decnet/protocol';
import { conpotService } from './conpot/index';
import { dnsService } from './dns/index';
import { dockerApiService } from './docker_api/index';
import { elasticsearchService } from './elasticsearch/index';
import { ftpService } from './ftp/index';
import { httpService } from './http/index';
import { httpsService } from './https/index';
import { imapService } from './imap/index';
import { k8sService } from './k8s/index';
import { ldapService } from './ldap/index';
import { mongodbService } from './mongodb/index';
import { mqttService } from './mqtt/index';
import { mssqlService } from './mssql/index';
import { llmnrService } from './llmnr/index';
import { mysqlService } from './mysql/index';
import { pop3Service } from './pop3/index';
import { postgresService } from './postgres/index';
import { rdpService } from './rdp/index';
import { redisService } from './redis/index';
import type { ServiceDefinition } from './service';
import { sipService } from './sip/index';
import { smbService } from './smb/index';
import { smtpService } from './smtp/index';
import { smtpRelayService } from './smtp_relay/index';
import { snmpService } from './snmp/index';
import { sshService } from './ssh/index';
import { telnetService } from './telnet/index';
import { tftpService } from './tftp/index';
import { vncService } from './vnc/index';
import type { AnyTemplate } from './template';

export type { AnyTemplate };

export const SERVICES = {
  ssh: sshService,
  telnet: telnetService,
  http: httpService,
  https: httpsService,
  ftp: ftpService,
  redis: redisService,
  mysql: mysqlService,
  smtp: smtpService,
  smtp_relay: smtpRelayService,
  smb: smbService,
  imap: imapService,
  pop3: pop3Service,
  postgres: postgresService,
  mssql: mssqlService,
  mongodb: mongodbService,
  mqtt: mqttService,
  ldap: ldapService,
  vnc: vncService,
  rdp: rdpService,
  llmnr: llmnrService,
  snmp: snmpService,
  tftp: tftpService,
  dns: dnsService,
  sip: sipService,
  conpot: conpotService,
  elasticsearch: elasticsearchService,
  docker_api: dockerApiService,
  k8s: k8sService,
} satisfies Partial<Record<ServiceSlug, ServiceDefinition>>;

export type RegisteredService = keyof typeof SERVICES;

/** Every registered service's persona part, typed by its folder's `persona` function. */
export type ServicePersonas = { [K in RegisteredService]: ReturnType<(typeof SERVICES)[K]['persona']> };

export function serviceDefinition(service: string): ServiceDefinition | undefined {
  return Object.hasOwn(SERVICES, service) ? (SERVICES[service as RegisteredService] as ServiceDefinition) : undefined;
}

export function templateFor(service: string): AnyTemplate | undefined {
  return serviceDefinition(service)?.template;
}

/** One listener of a service: its primary port is keyed by the slug, the others `slug/port` (`imap/993`). */
export interface ServiceListener {
  key: string;
  port: number;
  tls: boolean;
  /** A UDP template's ports are UDP ports. */
  transport: 'tcp' | 'udp';
  /** The template serving this listener (a TCP service's UDP companion for its `udp` listeners). */
  template: AnyTemplate;
}

/** Every default port of a service, with implicit TLS where the template says so; undefined when unknown. */
export function serviceListeners(service: string): ServiceListener[] | undefined {
  const t = templateFor(service);
  if (!t) return undefined;
  const key = (port: number, i: number): string => (i === 0 ? service : `${service}/${port}`);
  if (t.transport === 'udp') return t.defaultPorts.map((port, i) => ({ key: key(port, i), port, tls: false, transport: 'udp', template: t }));
  const tcp: ServiceListener[] = t.defaultPorts.map((port, i) => ({ key: key(port, i), port, tls: Boolean(t.tls) || (t.tlsPorts ?? []).includes(port), transport: 'tcp', template: t }));
  const udp = t.udp;
  if (!udp) return tcp;
  const udpKey = (port: number, i: number): string => (i === 0 ? `${service}/udp` : `${service}/udp/${port}`);
  return [...tcp, ...udp.defaultPorts.map((port, i): ServiceListener => ({ key: udpKey(port, i), port, tls: false, transport: 'udp', template: udp }))];
}

export function registeredServices(): RegisteredService[] {
  return Object.keys(SERVICES) as RegisteredService[];
}
