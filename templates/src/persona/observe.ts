// What an attacker reads off a persona record, layer by layer (the strings the services would send,
// the shell's uname and os-release, TTL and MAC), as Observations for personaContradictions.
import { STACK_PROFILES } from '@decnet/protocol';
import type { LayerText, Observations, PersonaClaim } from './consistency';
import { personaTtl, stackProfileOf } from './stack-profile';
import type { Persona } from './types';

/** Services every persona can be asked to run (INI `services=`), checked whatever the archetype. */
export const CORE_SERVICES = ['ssh', 'http', 'ftp', 'telnet', 'snmp', 'smtp'] as const;

export function serviceLayers(p: Persona, services: readonly string[]): LayerText[] {
  const s = p.services;
  const out: LayerText[] = [];
  const add = (layer: string, text: string | undefined): void => {
    if (text) out.push({ layer, text });
  };
  for (const svc of new Set(services)) {
    if (svc === 'ssh') {
      add('ssh banner', s.ssh.banner);
      add('ssh -V', s.ssh.versionText);
    } else if (svc === 'http' || svc === 'https') add(`${svc} Server`, s.http.server + (s.http.poweredBy ? ` ${s.http.poweredBy}` : ''));
    else if (svc === 'ftp') add('ftp 220 greeting', s.ftp.banner);
    else if (svc === 'telnet') add('telnet issue', s.telnet.issue);
    else if (svc === 'snmp') add('snmp sysDescr', s.snmp.sysDescr);
    else if (svc === 'smtp') add('smtp greeting', s.smtp.banner);
    // Samba announces "Windows 6.1" as its native OS on purpose; its LanMan string names the build.
    else if (svc === 'smb') add('smb native LanMan', s.smb.flavor === 'windows' ? s.smb.nativeOs : s.smb.nativeLanMan);
    else if (svc === 'rdp') add('rdp server', s.rdp.flavor === 'windows' ? `Microsoft Terminal Services (${p.windows?.productName ?? 'Windows'})` : 'xrdp (Linux)');
    else if (svc === 'redis') add('redis INFO os', s.redis.os);
    else if (svc === 'mysql') add('mysql version', s.mysql.version);
  }
  return out;
}

export function personaClaim(p: Persona): PersonaClaim {
  // An embedded persona on a Linux row has a Linux kernel on the wire too: nmap must name its era.
  const linuxStack = STACK_PROFILES[stackProfileOf(p)].family === 'linux';
  return { osFamily: p.osFamily, archetype: p.archetype, distro: p.distro, ttl: personaTtl(p), ...(linuxStack ? { kernelRelease: p.shell.kernelRelease } : {}) };
}

/** The record's own observations: a shell only where a login reaches one (Linux userlands). */
export function personaObservations(p: Persona, services: readonly string[]): Observations {
  const reachable = (p.logins ?? []).length > 0;
  const sh = p.shell;
  return {
    ttl: personaTtl(p),
    mac: p.mac,
    ...(reachable ? { uname: `Linux ${sh.hostname} ${sh.kernelRelease} ${sh.kernelVersion} ${sh.arch} GNU/Linux`, osRelease: sh.osPrettyName } : {}),
    layers: serviceLayers(p, services),
  };
}
