// Per-service identity strings (SSH banner, telnet issue, HTTP Server, FTP greeting, Redis INFO,
// MySQL handshake version, SMTP greeting), all from the same release snapshot or the same foreign OS.
import type { ServicePersonas } from './types';
import type { DistroRelease, ReleaseSnapshot } from './release-types';
import type { Rng } from './rng';

export type Mta = ServicePersonas['smtp']['mta'];
export type PrinterVendor = 'hp' | 'brother';

export interface LinuxServiceInput {
  release: DistroRelease;
  snap: ReleaseSnapshot;
  web: 'apache' | 'nginx';
  ftp: { product: 'vsftpd' | 'ProFTPD'; version: string };
  mta: Mta;
  hostname: string;
  fqdn: string;
  ip: string;
  arch: string;
  printer?: PrinterVendor;
  /** Show the PHP version (X-Powered-By) as a default php.ini does. */
  showPhp: boolean;
  /** ServerTokens Prod / server_tokens off. */
  productOnly: boolean;
}

const MTA_GREETING: Record<string, Partial<Record<Mta, string>>> = {
  debian: { exim: 'ESMTP Exim 4.96', sendmail: 'ESMTP Sendmail 8.17.1.9/8.17.1.9' },
  ubuntu22: { exim: 'ESMTP Exim 4.95 Ubuntu', sendmail: 'ESMTP Sendmail 8.15.2/8.15.2/Debian-22ubuntu3' },
  ubuntu20: { exim: 'ESMTP Exim 4.93 Ubuntu', sendmail: 'ESMTP Sendmail 8.15.2/8.15.2/Debian-18' },
};

function telnetIssue(release: DistroRelease, snap: ReleaseSnapshot, hostname: string, arch: string): string {
  const prompt = `${hostname} login: `;
  if (release.family === 'rhel') return `${snap.prettyName.replace(/ \(.*\)$/, '')}\r\nKernel ${snap.kernelRelease} on an ${arch}\r\n${prompt}`;
  if (release.family === 'alpine') return `\r\nWelcome to Alpine Linux ${snap.prettyName.replace(/^Alpine Linux v/, '')}\r\nKernel ${snap.kernelRelease} on an ${arch} (/dev/pts/0)\r\n\r\n${prompt}`;
  if (release.slug === 'debian' || release.slug === 'arch') return `Debian GNU/Linux 12\r\n${prompt}`;
  return `${snap.prettyName}\r\n${prompt}`;
}

function printerPersona(vendor: PrinterVendor, rng: Rng): { http: ServicePersonas['http']; ftp: ServicePersonas['ftp'] } {
  if (vendor === 'brother') {
    return { http: { server: 'debut/1.30' }, ftp: { product: 'Brother/HP printer ftpd', version: '1.13', banner: "FTP print service:V-1.13/Use the command 'quote help'." } };
  }
  const model = rng.pick(['HP LaserJet Pro M404dn - W1A53A', 'HP LaserJet MFP M426fdn - F6W15A', 'HP Color LaserJet Pro M454dw - W1Y45A', 'HP LaserJet Enterprise M607 - K0Q14A']);
  const serial = `${rng.pick(['PHB', 'VNB', 'CNB', 'JPB'])}${rng.pick(['C', 'L', 'R'])}${String(rng.int(10_000, 99_999))}${rng.pick(['K', 'M', 'Q', 'T'])}`;
  return {
    http: { server: `HP HTTP Server; ${model}; Serial Number: ${serial}; Built:Thu Mar 17, 2022 07:49:13PM {002_2211A}` },
    ftp: { product: 'HP JetDirect ftpd', version: '', banner: 'JD FTP Server Ready' },
  };
}

export function linuxServices(x: LinuxServiceInput, rng: Rng): ServicePersonas {
  const { release, snap } = x;
  const webFull = x.web === 'nginx' ? snap.nginx : snap.apache;
  const server = x.productOnly ? webFull.replace(/\/.*$/, '') : webFull;
  const poweredBy = x.showPhp && snap.php ? `PHP/${snap.php}` : undefined;
  const ftpBanner = x.ftp.product === 'ProFTPD' ? `ProFTPD Server (Debian) [::ffff:${x.ip}]` : `(vsFTPd ${x.ftp.version})`;
  const printer = x.printer ? printerPersona(x.printer, rng) : undefined;
  const mtaText = x.mta === 'postfix' ? release.postfixGreeting : MTA_GREETING[release.slug]?.[x.mta] ?? (x.mta === 'exim' ? 'ESMTP Exim 4.96' : 'ESMTP Sendmail 8.17.1/8.17.1');
  return {
    ssh: { banner: `SSH-2.0-${snap.sshIdent}`, versionText: `${snap.sshVersion}, ${snap.openssl}` },
    telnet: { issue: telnetIssue(release, snap, x.hostname, x.arch) },
    http: printer?.http ?? (poweredBy ? { server, poweredBy } : { server }),
    ftp: printer?.ftp ?? { product: x.ftp.product === 'ProFTPD' ? 'ProFTPD' : 'vsftpd', version: x.ftp.version, banner: ftpBanner },
    redis: { version: snap.redis, os: `Linux ${snap.kernelRelease} ${x.arch}`, runId: rng.hex(40) },
    mysql: { version: snap.sql, connectionIdStart: rng.int(8, 9000) },
    smtp: { banner: `${x.fqdn} ${mtaText}`, mta: x.mta },
  };
}

/** Windows, BSD and Cisco personas: what those systems announce, never a Linux distro build. */
export function foreignServices(os: 'windows' | 'windows_server' | 'bsd' | 'cisco', fqdn: string, hostname: string, rng: Rng): ServicePersonas {
  const common = { redisRun: rng.hex(40), connId: rng.int(8, 9000) };
  if (os === 'bsd') {
    return {
      ssh: { banner: 'SSH-2.0-OpenSSH_9.7 FreeBSD-20240318', versionText: 'OpenSSH_9.7p1, OpenSSL 3.0.13 30 Jan 2024' },
      telnet: { issue: `\r\nFreeBSD/amd64 (${hostname}) (pts/0)\r\n\r\nlogin: ` },
      http: { server: 'Apache/2.4.62 (FreeBSD)' },
      ftp: { product: 'vsftpd', version: '3.0.5', banner: '(vsFTPd 3.0.5)' },
      redis: { version: '7.2.5', os: 'FreeBSD 14.1-RELEASE amd64', runId: common.redisRun },
      mysql: { version: '8.0.37', connectionIdStart: common.connId },
      smtp: { banner: `${fqdn} ESMTP Postfix`, mta: 'postfix' },
    };
  }
  if (os === 'cisco') {
    return {
      ssh: { banner: 'SSH-2.0-Cisco-1.25', versionText: 'Cisco-1.25' },
      telnet: { issue: '\r\n\r\nUser Access Verification\r\n\r\nUsername: ' },
      http: { server: 'cisco-IOS' },
      ftp: { product: 'Cisco ftpd', version: '', banner: `${hostname} IOS-FTP server (version 1.00) ready.` },
      redis: { version: '7.2.5', os: 'Linux 4.19.106 x86_64', runId: common.redisRun },
      mysql: { version: '8.0.37', connectionIdStart: common.connId },
      smtp: { banner: `${fqdn} ESMTP Postfix`, mta: 'postfix' },
    };
  }
  return {
    ssh: { banner: 'SSH-2.0-OpenSSH_for_Windows_8.1', versionText: 'OpenSSH_for_Windows_8.1p1, LibreSSL 3.0.2' },
    telnet: { issue: 'Welcome to Microsoft Telnet Service \r\n\r\nlogin: ' },
    http: { server: 'Microsoft-IIS/10.0', poweredBy: 'ASP.NET' },
    ftp: { product: 'Microsoft ftpd', version: '', banner: 'Microsoft FTP Service' },
    redis: { version: '5.0.14.1', os: 'Windows', runId: common.redisRun },
    mysql: { version: '8.0.36', connectionIdStart: common.connId },
    // The SMTP contract knows Postfix, Exim and Sendmail only; a Windows decky keeps Microsoft's greeting text.
    smtp: { banner: `${fqdn} Microsoft ESMTP MAIL Service ready`, mta: 'sendmail' },
  };
}

/** DECNET `[decky.service]` keys that override identity strings (inventory §1.3). */
export function applyServiceOverrides(s: ServicePersonas, cfg: Readonly<Record<string, Readonly<Record<string, string>>>>): ServicePersonas {
  const out: ServicePersonas = structuredClone(s);
  const pick = (svc: string, key: string): string | undefined => {
    const v = cfg[svc]?.[key];
    return v !== undefined && v.trim() !== '' ? v.slice(0, 512) : undefined;
  };
  const server = pick('https', 'server_header') ?? pick('http', 'server_header');
  if (server) out.http = { server };
  const mysql = pick('mysql', 'version');
  if (mysql) out.mysql.version = mysql;
  const redisVersion = pick('redis', 'version');
  if (redisVersion) out.redis.version = redisVersion;
  const redisOs = pick('redis', 'os_string');
  if (redisOs) out.redis.os = redisOs;
  const banner = pick('smtp', 'banner') ?? pick('smtp_relay', 'banner');
  if (banner) out.smtp.banner = banner;
  return out;
}
