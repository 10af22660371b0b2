// Release snapshots of the Debian family (Ubuntu 22.04/20.04, Debian 12, Kali): versions that
// shipped together, from the distributions' changelogs, so every string a decky shows agrees (D5).
import type { DistroRelease, ReleaseSnapshot } from './release-types';

type Row = [date: string, pretty: string, kernel: string, kver: string, ssh: string, sql: string, php: string, extra?: Partial<ReleaseSnapshot>];

function rows(base: Omit<ReleaseSnapshot, 'date' | 'prettyName' | 'kernelRelease' | 'kernelVersion' | 'sshIdent' | 'sshVersion' | 'sql' | 'php'>, list: Row[]): ReleaseSnapshot[] {
  return list.map(([date, prettyName, kernelRelease, kernelVersion, ssh, sql, php, extra]) => ({
    ...base,
    date,
    prettyName,
    kernelRelease,
    kernelVersion,
    sshIdent: ssh,
    sshVersion: ssh,
    sql,
    php,
    ...extra,
  }));
}

export const UBUNTU22: DistroRelease = {
  slug: 'ubuntu22',
  family: 'debian',
  defaultWeb: 'apache',
  sqlServer: 'mysql',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.5' }],
  postfixGreeting: 'ESMTP Postfix (Ubuntu)',
  cloudUser: 'ubuntu',
  snapshots: rows({ openssl: 'OpenSSL 3.0.2 15 Mar 2022', apache: 'Apache/2.4.52 (Ubuntu)', nginx: 'nginx/1.18.0 (Ubuntu)', redis: '6.0.16' }, [
    ['2023-12-05', 'Ubuntu 22.04.3 LTS', '5.15.0-89-generic', '#99-Ubuntu SMP Mon Oct 30 20:42:41 UTC 2023', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.4', '8.0.35-0ubuntu0.22.04.1', '8.1.2-1ubuntu2.14'],
    ['2024-02-20', 'Ubuntu 22.04.4 LTS', '5.15.0-94-generic', '#104-Ubuntu SMP Tue Jan 9 15:25:40 UTC 2024', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.6', '8.0.36-0ubuntu0.22.04.1', '8.1.2-1ubuntu2.14'],
    ['2024-05-10', 'Ubuntu 22.04.4 LTS', '5.15.0-105-generic', '#115-Ubuntu SMP Mon Apr 15 09:52:04 UTC 2024', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.7', '8.0.36-0ubuntu0.22.04.1', '8.1.2-1ubuntu2.17'],
    ['2024-07-20', 'Ubuntu 22.04.4 LTS', '5.15.0-116-generic', '#126-Ubuntu SMP Mon Jul 1 10:14:24 UTC 2024', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', '8.0.37-0ubuntu0.22.04.3', '8.1.2-1ubuntu2.18'],
    ['2024-10-15', 'Ubuntu 22.04.5 LTS', '5.15.0-122-generic', '#132-Ubuntu SMP Thu Aug 29 13:45:52 UTC 2024', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.10', '8.0.39-0ubuntu0.22.04.1', '8.1.2-1ubuntu2.19'],
    ['2025-02-10', 'Ubuntu 22.04.5 LTS', '5.15.0-131-generic', '#141-Ubuntu SMP Fri Jan 10 21:18:28 UTC 2025', 'OpenSSH_8.9p1 Ubuntu-3ubuntu0.11', '8.0.41-0ubuntu0.22.04.1', '8.1.2-1ubuntu2.20'],
  ]),
};

export const UBUNTU20: DistroRelease = {
  slug: 'ubuntu20',
  family: 'debian',
  defaultWeb: 'apache',
  sqlServer: 'mysql',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.3' }],
  postfixGreeting: 'ESMTP Postfix (Ubuntu)',
  cloudUser: 'ubuntu',
  snapshots: rows({ openssl: 'OpenSSL 1.1.1f  31 Mar 2020', apache: 'Apache/2.4.41 (Ubuntu)', nginx: 'nginx/1.18.0 (Ubuntu)', redis: '5.0.7' }, [
    ['2023-11-30', 'Ubuntu 20.04.6 LTS', '5.4.0-167-generic', '#184-Ubuntu SMP Tue Oct 31 09:21:49 UTC 2023', 'OpenSSH_8.2p1 Ubuntu-4ubuntu0.9', '8.0.35-0ubuntu0.20.04.1', '7.4.3-4ubuntu2.19'],
    ['2024-03-15', 'Ubuntu 20.04.6 LTS', '5.4.0-172-generic', '#190-Ubuntu SMP Fri Feb 2 23:24:22 UTC 2024', 'OpenSSH_8.2p1 Ubuntu-4ubuntu0.11', '8.0.36-0ubuntu0.20.04.1', '7.4.3-4ubuntu2.20'],
    ['2024-08-01', 'Ubuntu 20.04.6 LTS', '5.4.0-190-generic', '#210-Ubuntu SMP Fri Jul 5 17:03:38 UTC 2024', 'OpenSSH_8.2p1 Ubuntu-4ubuntu0.11', '8.0.37-0ubuntu0.20.04.3', '7.4.3-4ubuntu2.23'],
    ['2024-12-01', 'Ubuntu 20.04.6 LTS', '5.4.0-200-generic', '#220-Ubuntu SMP Fri Sep 27 13:19:16 UTC 2024', 'OpenSSH_8.2p1 Ubuntu-4ubuntu0.11', '8.0.40-0ubuntu0.20.04.1', '7.4.3-4ubuntu2.24'],
  ]),
};

const deb12 = (n: string): string => `OpenSSH_9.2p1 Debian-2+deb12u${n}`;
const mariadb = (v: string): string => `5.5.5-${v}-MariaDB-0+deb12u1`;

export const DEBIAN12: DistroRelease = {
  slug: 'debian',
  family: 'debian',
  defaultWeb: 'apache',
  sqlServer: 'mariadb',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.3' }, { product: 'ProFTPD', version: '1.3.8' }],
  postfixGreeting: 'ESMTP Postfix (Debian/GNU)',
  cloudUser: 'admin',
  snapshots: rows({ openssl: 'OpenSSL 3.0.11 19 Sep 2023', apache: 'Apache/2.4.57 (Debian)', nginx: 'nginx/1.22.1', redis: '7.0.15' }, [
    ['2023-11-20', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-13-amd64', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.55-1 (2023-09-29)', deb12('1'), '5.5.5-10.11.4-MariaDB-1~deb12u1', '8.2.7', { redis: '7.0.11' }],
    ['2024-02-15', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-18-amd64', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.76-1 (2024-02-01)', deb12('2'), mariadb('10.11.6'), '8.2.7'],
    ['2024-06-10', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-21-amd64', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.90-1 (2024-05-03)', deb12('2'), mariadb('10.11.6'), '8.2.18', { apache: 'Apache/2.4.59 (Debian)', openssl: 'OpenSSL 3.0.13 30 Jan 2024' }],
    ['2024-08-15', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-23-amd64', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.99-1 (2024-07-15)', deb12('3'), mariadb('10.11.6'), '8.2.20', { apache: 'Apache/2.4.61 (Debian)', openssl: 'OpenSSL 3.0.13 30 Jan 2024' }],
    ['2024-11-20', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-27-amd64', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.115-1 (2024-11-01)', deb12('3'), mariadb('10.11.6'), '8.2.24', { apache: 'Apache/2.4.62 (Debian)', openssl: 'OpenSSL 3.0.15 3 Sep 2024' }],
    ['2025-03-01', 'Debian GNU/Linux 12 (bookworm)', '6.1.0-31-amd64', '#1 SMP PREEMPT_DYNAMIC Debian 6.1.128-1 (2025-02-07)', deb12('5'), mariadb('10.11.6'), '8.2.26', { apache: 'Apache/2.4.62 (Debian)', openssl: 'OpenSSL 3.0.15 3 Sep 2024' }],
  ]),
};

function kaliFiles(version: string): Record<string, string> {
  return {
    '/usr/lib/os-release': [
      'PRETTY_NAME="Kali GNU/Linux Rolling"', 'NAME="Kali GNU/Linux"', `VERSION_ID="${version}"`, `VERSION="${version}"`,
      'VERSION_CODENAME=kali-rolling', 'ID=kali', 'ID_LIKE=debian', 'HOME_URL="https://www.kali.org/"',
      'SUPPORT_URL="https://forums.kali.org/"', 'BUG_REPORT_URL="https://bugs.kali.org/"', 'ANSI_COLOR="1;31"',
    ].join('\n') + '\n',
    '/etc/issue': 'Kali GNU/Linux Rolling \\n \\l\n\n',
    '/etc/issue.net': 'Kali GNU/Linux Rolling\n',
    '/etc/debian_version': 'kali-rolling\n',
  };
}

export const KALI: DistroRelease = {
  slug: 'kali',
  family: 'debian',
  defaultWeb: 'apache',
  sqlServer: 'mariadb',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.3' }, { product: 'ProFTPD', version: '1.3.8' }],
  postfixGreeting: 'ESMTP Postfix (Debian/GNU)',
  cloudUser: 'kali',
  snapshots: rows({ openssl: 'OpenSSL 3.1.5 30 Jan 2024', apache: 'Apache/2.4.58 (Debian)', nginx: 'nginx/1.24.0', redis: '7.0.15' }, [
    ['2024-03-01', 'Kali GNU/Linux Rolling', '6.6.9-amd64', '#1 SMP PREEMPT_DYNAMIC Kali 6.6.9-1kali1 (2024-01-08)', 'OpenSSH_9.6p1 Debian-4', '5.5.5-10.11.6-MariaDB-2', '8.2.12', { shellFiles: kaliFiles('2024.1') }],
    ['2024-09-01', 'Kali GNU/Linux Rolling', '6.8.11-amd64', '#1 SMP PREEMPT_DYNAMIC Kali 6.8.11-1kali2 (2024-05-30)', 'OpenSSH_9.7p1 Debian-7', '5.5.5-10.11.8-MariaDB-1', '8.2.20', { apache: 'Apache/2.4.62 (Debian)', openssl: 'OpenSSL 3.2.2 4 Jun 2024', shellFiles: kaliFiles('2024.3') }],
  ]),
};
