// Issue 18's 64 everyday commands per distribution family: the Debian table with each family's own
// idiom (dnf/rpm/sshd/secure on RHEL, apk/OpenRC/messages on Alpine, logread on an embedded
// device) and the answer a real offline system of that family gives, `absent` where it has no such tool.

import type { DistroFamily } from './persona';
import { EVERYDAY, type Want } from './everyday-table';

/** absent: the real system has no such command; optional: present or not depending on the install. */
export type FamilyWant = Want | 'absent' | 'optional';
export type FamilyKey = DistroFamily | 'embedded';

/** Per family: Debian command -> [the family's command, its real outcome]. */
const SUBSTITUTE: Readonly<Record<FamilyKey, Readonly<Record<string, [string, FamilyWant]>>>> = {
  debian: {},
  rhel: {
    'apt-get update': ['dnf check-update', 'fail'],
    'dpkg -l | head -n 8': ['rpm -qa | head -n 8', 'ok'],
    'systemctl status ssh --no-pager': ['systemctl status sshd --no-pager', 'ok'],
    'tail -n 3 /var/log/auth.log': ['tail -n 3 /var/log/secure', 'ok'],
  },
  alpine: {
    'journalctl -n 5 --no-pager': ['tail -n 5 /var/log/messages', 'ok'],
    'systemctl list-units --type=service --no-pager': ['rc-status', 'ok'],
    'systemctl status ssh --no-pager': ['rc-service sshd status', 'ok'],
    // apk returns the number of failed indexes: non-zero offline.
    'apt-get update': ['apk update', 'fail'],
    'dpkg -l | head -n 8': ['apk info | head -n 8', 'ok'],
    'tail -n 3 /var/log/auth.log': ['tail -n 3 /var/log/messages', 'ok'],
    // alpine-base has no perl, python3 or file(1); util-linux, sudo, openssl and iproute2 depend on the install.
    'perl -v': ['perl -v', 'absent'],
    'perl -e \'print "hi\\n"\'': ['perl -e \'print "hi\\n"\'', 'absent'],
    'python3 -V': ['python3 -V', 'absent'],
    'python3 -c \'print(6*7)\'': ['python3 -c \'print(6*7)\'', 'absent'],
    'file /bin/ls': ['file /bin/ls', 'absent'],
    lscpu: ['lscpu', 'optional'],
    'sudo -l': ['sudo -l', 'optional'],
    'openssl version': ['openssl version', 'optional'],
    'ss -tlnp': ['ss -tlnp', 'optional'],
    last: ['last', 'optional'],
  },
  embedded: {
    // BusyBox init and syslogd -C: no OpenRC, no apk; the log is in logread's ring buffer.
    'journalctl -n 5 --no-pager': ['logread | tail -n 5', 'ok'],
    'systemctl list-units --type=service --no-pager': ['ps', 'ok'],
    'systemctl status ssh --no-pager': ['systemctl status ssh --no-pager', 'absent'],
    'apt-get update': ['apk update', 'absent'],
    'dpkg -l | head -n 8': ['apk info', 'absent'],
    'tail -n 3 /var/log/auth.log': ['logread | tail -n 3', 'ok'],
    'perl -v': ['perl -v', 'absent'],
    'perl -e \'print "hi\\n"\'': ['perl -e \'print "hi\\n"\'', 'absent'],
    'python3 -V': ['python3 -V', 'absent'],
    'python3 -c \'print(6*7)\'': ['python3 -c \'print(6*7)\'', 'absent'],
    'file /bin/ls': ['file /bin/ls', 'absent'],
    // `which` exits 1 when one of its names (curl) is missing.
    'which wget curl': ['which wget curl', 'fail'],
    lscpu: ['lscpu', 'absent'],
    'sudo -l': ['sudo -l', 'absent'],
    'openssl version': ['openssl version', 'absent'],
    'ss -tlnp': ['ss -tlnp', 'absent'],
    last: ['last', 'optional'],
    'crontab -l': ['crontab -l', 'optional'],
    'getent passwd root': ['getent passwd root', 'optional'],
  },
};

export function everydayFor(family: FamilyKey): Array<[string, FamilyWant]> {
  return EVERYDAY.map(([cmd, want]) => SUBSTITUTE[family][cmd] ?? [cmd, want]);
}
