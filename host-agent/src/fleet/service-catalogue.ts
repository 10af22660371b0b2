// The services a decky can have: protocol's catalogue, each with its ports (the template's when this
// build has one, else DECNET's declared ports, inventory §1.2) and the archetypes that use it.
import { ARCHETYPES, SERVICE_SLUGS } from '@decnet/protocol';
import { templateFor } from '@decnet/templates';

/** DECNET's declared ports (inventory §1.2) for services this build may lack a template for. */
const DECNET_PORTS: Record<string, readonly number[]> = {
  ssh: [22], telnet: [23], http: [80, 443], https: [443], ftp: [21], tftp: [69], smb: [445, 139], rdp: [3389],
  vnc: [5900], smtp: [25, 587], smtp_relay: [25, 587], imap: [143, 993], pop3: [110, 995], ldap: [389, 636],
  llmnr: [5355, 5353], dns: [53], mysql: [3306], postgres: [5432], mssql: [1433], mongodb: [27017], redis: [6379],
  elasticsearch: [9200], mqtt: [1883], snmp: [161], sip: [5060], k8s: [6443, 8080], docker_api: [2375, 2376],
  conpot: [502, 161, 80], sniffer: [],
};

export interface ServiceInfo {
  slug: string;
  ports: readonly number[];
  /** A template for it is in this build (the local and docker runtimes can run it). */
  available: boolean;
  archetypes: string[];
}

export function serviceCatalogue(): ServiceInfo[] {
  return SERVICE_SLUGS.filter((s) => s !== 'sniffer').map((slug) => {
    const t = templateFor(slug);
    return {
      slug,
      ports: t ? t.defaultPorts : (DECNET_PORTS[slug] ?? []),
      available: Boolean(t),
      archetypes: ARCHETYPES.filter((a) => (a.services as readonly string[]).includes(slug)).map((a) => a.slug),
    };
  });
}

/** Services a decky can run in this build: the random pool for deploy and mutation. */
export function availableServices(): string[] {
  return serviceCatalogue().filter((s) => s.available).map((s) => s.slug);
}
