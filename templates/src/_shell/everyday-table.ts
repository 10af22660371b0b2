// Issue 18's 64 everyday commands an intruder types after logging into a Debian server, each with
// the outcome a real offline Debian 12 server gives (used by everyday.test.ts and the OpenSSH check).

/**
 * ok: exit 0; fail: non-zero but installed (as an offline server answers); any: installed. apt-get
 * update is 'ok': offline it only warns and exits 0 (checked with this machine's apt 2.6).
 */
export type Want = 'ok' | 'fail' | 'any';

export const EVERYDAY: ReadonlyArray<[string, Want]> = [
  ['uname -a', 'ok'], ['id', 'ok'], ['whoami', 'ok'], ['hostname', 'ok'], ['w', 'ok'], ['who', 'ok'], ['last', 'ok'],
  ['uptime', 'ok'], ['cat /etc/os-release', 'ok'], ['cat /etc/passwd', 'ok'], ['cat /etc/shadow', 'ok'], ['ps aux', 'ok'],
  ['top -b -n 1', 'ok'], ['free -m', 'ok'], ['df -h', 'ok'], ['mount', 'ok'], ['lscpu', 'ok'], ['nproc', 'ok'],
  ['cat /proc/cpuinfo', 'ok'], ['ip a', 'ok'], ['ifconfig', 'ok'], ['route -n', 'ok'], ['arp -a', 'ok'], ['ss -tlnp', 'ok'],
  ['netstat -tlnp', 'ok'], ['ls -la /', 'ok'], ['ls -la /tmp', 'ok'], ['find / -perm -4000 -type f', 'ok'], ['crontab -l', 'any'],
  ['history', 'ok'], ['env', 'ok'], ['which wget curl', 'ok'], ['dmesg | tail -n 5', 'ok'], ['journalctl -n 5 --no-pager', 'ok'],
  ['systemctl list-units --type=service --no-pager', 'ok'], ['systemctl status ssh --no-pager', 'ok'], ['apt-get update', 'ok'],
  ['dpkg -l | head -n 8', 'ok'], ['tar czf /tmp/etc.tgz /etc/hostname', 'ok'], ['tar tzf /tmp/etc.tgz', 'ok'], ['perl -v', 'ok'],
  ['perl -e \'print "hi\\n"\'', 'ok'], ['python3 -V', 'ok'], ['python3 -c \'print(6*7)\'', 'ok'], ['openssl version', 'ok'],
  ['vi /etc/hosts', 'any'], ['md5sum /etc/passwd', 'ok'], ['sha256sum /etc/passwd', 'ok'], ['stat /etc/passwd', 'ok'],
  ['file /bin/ls', 'ok'], ['less /etc/hostname', 'ok'], ['more /etc/hostname', 'ok'], ['echo /etc/hostname | xargs cat', 'ok'],
  ['ping -c 1 8.8.8.8', 'fail'], ['awk "BEGIN{print 6*7}"', 'ok'], ['grep root /etc/passwd', 'ok'], ['head -n 3 /etc/passwd', 'ok'],
  ['tail -n 3 /var/log/auth.log', 'ok'], ['sudo -l', 'ok'], ['getent passwd root', 'ok'], ['ls /home', 'ok'], ['uname -r', 'ok'],
  ['cat /proc/version', 'ok'], ['wc -l /etc/passwd', 'ok'],
];
