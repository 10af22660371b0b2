// Release snapshots of the RHEL family (Rocky 9, CentOS 7, Fedora 39) and Alpine 3.19. RHEL and
// Alpine builds announce OpenSSH without the portable "p1" or a distro suffix, as the real ones do.
import type { DistroRelease, ReleaseSnapshot } from './release-types';

type Row = [date: string, pretty: string, kernel: string, kver: string, extra?: Partial<ReleaseSnapshot>];

function rows(base: Omit<ReleaseSnapshot, 'date' | 'prettyName' | 'kernelRelease' | 'kernelVersion'>, list: Row[]): ReleaseSnapshot[] {
  return list.map(([date, prettyName, kernelRelease, kernelVersion, extra]) => ({ ...base, date, prettyName, kernelRelease, kernelVersion, ...extra }));
}

export const ROCKY9: DistroRelease = {
  slug: 'rocky9',
  family: 'rhel',
  defaultWeb: 'apache',
  sqlServer: 'mysql',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.5' }],
  postfixGreeting: 'ESMTP Postfix',
  cloudUser: 'rocky',
  snapshots: rows(
    { sshIdent: 'OpenSSH_8.7', sshVersion: 'OpenSSH_8.7p1', openssl: 'OpenSSL 3.0.7 1 Nov 2022', apache: 'Apache/2.4.57 (Rocky Linux)', nginx: 'nginx/1.20.1', sql: '8.0.36', redis: '6.2.7', php: '8.0.30' },
    [
      ['2024-01-10', 'Rocky Linux 9.3 (Blue Onyx)', '5.14.0-362.13.1.el9_3.x86_64', '#1 SMP PREEMPT_DYNAMIC Wed Dec 13 14:07:45 UTC 2023', { sql: '8.0.32' }],
      ['2024-07-01', 'Rocky Linux 9.4 (Blue Onyx)', '5.14.0-427.22.1.el9_4.x86_64', '#1 SMP PREEMPT_DYNAMIC Mon Jun 17 09:56:06 UTC 2024'],
      ['2024-12-10', 'Rocky Linux 9.5 (Blue Onyx)', '5.14.0-503.15.1.el9_5.x86_64', '#1 SMP PREEMPT_DYNAMIC Tue Nov 26 17:24:29 UTC 2024', { openssl: 'OpenSSL 3.2.2 4 Jun 2024', apache: 'Apache/2.4.62 (Rocky Linux)', sql: '8.0.40' }],
    ],
  ),
};

export const CENTOS7: DistroRelease = {
  slug: 'centos7',
  family: 'rhel',
  defaultWeb: 'apache',
  sqlServer: 'mariadb',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.2' }],
  postfixGreeting: 'ESMTP Postfix',
  cloudUser: 'centos',
  snapshots: rows(
    { sshIdent: 'OpenSSH_7.4', sshVersion: 'OpenSSH_7.4p1', openssl: 'OpenSSL 1.0.2k-fips  26 Jan 2017', apache: 'Apache/2.4.6 (CentOS)', nginx: 'nginx/1.20.1', sql: '5.5.68-MariaDB', redis: '3.2.12', php: '5.4.16' },
    [
      ['2023-12-20', 'CentOS Linux 7 (Core)', '3.10.0-1160.105.1.el7.x86_64', '#1 SMP Thu Dec 7 15:39:45 UTC 2023'],
      ['2024-06-25', 'CentOS Linux 7 (Core)', '3.10.0-1160.119.1.el7.x86_64', '#1 SMP Tue Jun 4 14:43:51 UTC 2024'],
    ],
  ),
};

function fedoraFiles(): Record<string, string> {
  const release = 'Fedora release 39 (Thirty Nine)\n';
  return {
    '/usr/lib/os-release': [
      'NAME="Fedora Linux"', 'VERSION="39 (Server Edition)"', 'ID=fedora', 'VERSION_ID=39', 'VERSION_CODENAME=""',
      'PLATFORM_ID="platform:f39"', 'PRETTY_NAME="Fedora Linux 39 (Server Edition)"', 'ANSI_COLOR="0;38;2;60;110;180"',
      'LOGO=fedora-logo-icon', 'CPE_NAME="cpe:/o:fedoraproject:fedora:39"', 'HOME_URL="https://fedoraproject.org/"',
      'SUPPORT_URL="https://ask.fedoraproject.org/"', 'BUG_REPORT_URL="https://bugzilla.redhat.com/"',
      'REDHAT_BUGZILLA_PRODUCT="Fedora"', 'REDHAT_BUGZILLA_PRODUCT_VERSION=39', 'REDHAT_SUPPORT_PRODUCT="Fedora"',
      'REDHAT_SUPPORT_PRODUCT_VERSION=39', 'SUPPORT_END=2024-11-12', 'VARIANT="Server Edition"', 'VARIANT_ID=server',
    ].join('\n') + '\n',
    '/etc/fedora-release': release,
    '/etc/redhat-release': release,
    '/etc/system-release': release,
  };
}

export const FEDORA39: DistroRelease = {
  slug: 'fedora',
  family: 'rhel',
  defaultWeb: 'apache',
  sqlServer: 'mysql',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.5' }],
  postfixGreeting: 'ESMTP Postfix',
  cloudUser: 'fedora',
  snapshots: rows(
    { sshIdent: 'OpenSSH_9.3', sshVersion: 'OpenSSH_9.3p1', openssl: 'OpenSSL 3.1.1 30 May 2023', apache: 'Apache/2.4.58 (Fedora Linux)', nginx: 'nginx/1.24.0', sql: '8.0.35', redis: '7.2.4', php: '8.2.15', shellFiles: fedoraFiles() },
    [
      ['2024-02-05', 'Fedora Linux 39 (Server Edition)', '6.7.3-200.fc39.x86_64', '#1 SMP PREEMPT_DYNAMIC Thu Feb  1 03:29:40 UTC 2024'],
      ['2024-08-01', 'Fedora Linux 39 (Server Edition)', '6.9.9-100.fc39.x86_64', '#1 SMP PREEMPT_DYNAMIC Thu Jul 11 19:26:10 UTC 2024', { openssl: 'OpenSSL 3.1.4 24 Oct 2023', apache: 'Apache/2.4.61 (Fedora Linux)', sql: '8.0.38', redis: '7.2.5' }],
    ],
  ),
};

export const ALPINE319: DistroRelease = {
  slug: 'alpine',
  family: 'alpine',
  defaultWeb: 'nginx',
  sqlServer: 'mariadb',
  ftpOptions: [{ product: 'vsftpd', version: '3.0.5' }],
  postfixGreeting: 'ESMTP Postfix',
  cloudUser: 'alpine',
  snapshots: rows(
    { sshIdent: 'OpenSSH_9.6', sshVersion: 'OpenSSH_9.6p1', openssl: 'OpenSSL 3.1.4 24 Oct 2023', apache: 'Apache/2.4.58 (Unix)', nginx: 'nginx/1.24.0', sql: '5.5.5-10.11.6-MariaDB', redis: '7.2.4', php: '8.2.15' },
    [
      ['2024-02-01', 'Alpine Linux v3.19', '6.6.14-0-virt', '#1-Alpine SMP PREEMPT_DYNAMIC Fri, 26 Jan 2024 11:08:07 +0000'],
      ['2024-06-15', 'Alpine Linux v3.19', '6.6.32-0-virt', '#1-Alpine SMP PREEMPT_DYNAMIC Fri, 24 May 2024 10:11:26 +0000', { openssl: 'OpenSSL 3.1.5 30 Jan 2024', apache: 'Apache/2.4.59 (Unix)', redis: '7.2.5' }],
    ],
  ),
};
