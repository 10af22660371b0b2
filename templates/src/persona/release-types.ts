// Shapes of the per-distro release tables: one snapshot is a set of package versions that were
// current together, so kernel, OpenSSH, web server and database builds never contradict (D5).
import type { DistroFamily } from '../_shell/persona';

export type WebServer = 'apache' | 'nginx';
export type SqlServer = 'mysql' | 'mariadb';

export interface ReleaseSnapshot {
  /** Date these versions were current (YYYY-MM-DD); the decky "booted" after it. */
  date: string;
  /** os-release PRETTY_NAME. */
  prettyName: string;
  kernelRelease: string;
  kernelVersion: string;
  /** Identification after "SSH-2.0-", e.g. "OpenSSH_8.9p1 Ubuntu-3ubuntu0.10". */
  sshIdent: string;
  /** Product part of `ssh -V` for the same build, e.g. "OpenSSH_8.7p1" where the banner says "OpenSSH_8.7". */
  sshVersion: string;
  /** OpenSSL line `ssh -V` appends, e.g. "OpenSSL 3.0.2 15 Mar 2022". */
  openssl: string;
  apache: string;
  nginx: string;
  /** Handshake version string of the distro's MySQL or MariaDB build. */
  sql: string;
  redis: string;
  php?: string;
  /** Shell files for distros the fake shell does not describe natively (Kali, Fedora). */
  shellFiles?: Readonly<Record<string, string>>;
}

export interface DistroRelease {
  slug: string;
  family: DistroFamily;
  /** Web server and SQL server the distro installs by default ("apt install default-mysql-server"). */
  defaultWeb: WebServer;
  sqlServer: SqlServer;
  /** FTP daemons packaged by the distro; one is picked per decky. */
  ftpOptions: ReadonlyArray<{ product: 'vsftpd' | 'ProFTPD'; version: string }>;
  /** Text after the FQDN in the SMTP greeting for Postfix, e.g. "ESMTP Postfix (Ubuntu)". */
  postfixGreeting: string;
  snapshots: readonly ReleaseSnapshot[];
  /** Default cloud-image account name, sometimes used as the admin user. */
  cloudUser: string;
}
