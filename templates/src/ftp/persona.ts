// The ftp persona part: product, version and 220 greeting of the persona's vsftpd or ProFTPD, a
// printer's or Cisco's embedded ftpd, or Microsoft FTP Service; and its daemon in `ps`.
import type { ShellProcessSeed } from '../_shell/persona';
import type { PersonaBasis } from '../service';

export interface FtpPersona {
  /** Product as nmap names it, e.g. "vsftpd" */
  product: string;
  version: string;
  /** 220 greeting text */
  banner: string;
}

export function ftpPersona(b: PersonaBasis): FtpPersona {
  if (b.foreign === 'bsd') return { product: 'vsftpd', version: '3.0.5', banner: '(vsFTPd 3.0.5)' };
  if (b.foreign === 'cisco') return { product: 'Cisco ftpd', version: '', banner: `${b.hostname} IOS-FTP server (version 1.00) ready.` };
  if (b.foreign) return { product: 'Microsoft ftpd', version: '', banner: 'Microsoft FTP Service' };
  if (b.printer === 'brother') return { product: 'Brother/HP printer ftpd', version: '1.13', banner: "FTP print service:V-1.13/Use the command 'quote help'." };
  if (b.printer === 'hp') return { product: 'HP JetDirect ftpd', version: '', banner: 'JD FTP Server Ready' };
  if (b.ftp.product === 'ProFTPD') return { product: 'ProFTPD', version: b.ftp.version, banner: `ProFTPD Server (Debian) [::ffff:${b.ip}]` };
  return { product: 'vsftpd', version: b.ftp.version, banner: `(vsFTPd ${b.ftp.version})` };
}

export function ftpProcesses(b: PersonaBasis): ShellProcessSeed[] {
  if (b.ftp.product === 'ProFTPD') return [{ user: 'proftpd', command: 'proftpd: (accepting connections)' }];
  return [{ user: 'root', command: b.release.family === 'debian' ? '/usr/sbin/vsftpd /etc/vsftpd.conf' : '/usr/sbin/vsftpd /etc/vsftpd/vsftpd.conf' }];
}
