// Persistence and defence-evasion shell rules (DECNET R0024–R0026, R0028 and additions): accounts,
// cron, SSH authorized keys (including redis `CONFIG SET dir /root/.ssh`), systemd units, history
// clearing and disabling defences.
import { CMD, type RepoRule } from './types';

export const shellPersistenceRules: RepoRule[] = [
  {
    id: 'R0024', version: 1, name: 'account_create', description: 'A local account created (useradd, adduser, a line appended to /etc/passwd).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:useradd|adduser|groupadd)\b|>>\s*/etc/passwd\b`, flags: '' },
    emits: [{ tactic: 'persistence', technique: 'T1136', subTechnique: 'T1136.001', confidence: 0.85 }], evidence: ['command'],
    examples: { match: ['useradd -m -s /bin/bash sysadm', `echo 'x:$1$abc:0:0::/root:/bin/bash' >> /etc/passwd`], noMatch: ['cat /etc/passwd', 'id'] },
  },
  {
    id: 'R0104', version: 1, name: 'account_password_change', description: 'An account password or membership changed (passwd, chpasswd, usermod).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:passwd|chpasswd|usermod)\b|\|\s*chpasswd\b`, flags: '' },
    emits: [{ tactic: 'persistence', technique: 'T1098', confidence: 0.7 }], evidence: ['command'],
    examples: { match: ['echo "root:N3wPass" | chpasswd', 'passwd', 'usermod -aG sudo bob'], noMatch: ['cat /etc/passwd', 'getent passwd'] },
  },
  {
    id: 'R0025', version: 1, name: 'cron_persistence', description: 'Cron jobs installed or edited.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bcrontab\b(?!\s+-l\b)|(?:>|tee\s+(?:-a\s+)?)\s*/etc/cron|/var/spool/cron/|/etc/cron\.(?:d|hourly|daily)/\S`, flags: '' },
    emits: [{ tactic: 'persistence', technique: 'T1053', subTechnique: 'T1053.003', confidence: 0.85 }], evidence: ['command'],
    examples: { match: ['(crontab -l; echo "* * * * * /tmp/x") | crontab -', 'crontab /tmp/c', 'echo "*/5 * * * * root /tmp/m" > /etc/cron.d/m'], noMatch: ['crontab -l', 'ls /etc'] },
  },
  {
    id: 'R0026', version: 1, name: 'ssh_authorized_keys', description: 'SSH authorized_keys written, including the redis trick (CONFIG SET dir /root/.ssh, dbfilename authorized_keys).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`authorized_keys2?\b|\bconfig\s+set\s+dir\s+\S*\.ssh\b|\bssh-copy-id\b`, flags: 'i' },
    emits: [{ tactic: 'persistence', technique: 'T1098', subTechnique: 'T1098.004', confidence: 0.9 }], evidence: ['command'],
    examples: { match: ['echo ssh-rsa AAAAB3Nza... >> ~/.ssh/authorized_keys', 'CONFIG SET dir /root/.ssh', 'CONFIG SET dbfilename authorized_keys'], noMatch: ['CONFIG GET dir', 'ls ~/.ssh'] },
  },
  {
    id: 'R0105', version: 1, name: 'service_persistence', description: 'A systemd unit or init script installed or enabled.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`/etc/systemd/system/\S+\.service|\bsystemctl\s+(?:--\S+\s+)*enable\b|/etc/rc\.local\b|/etc/init\.d/\S+\s*$|\bupdate-rc\.d\s+\S+\s+defaults`, flags: '' },
    emits: [{ tactic: 'persistence', technique: 'T1543', subTechnique: 'T1543.002', confidence: 0.75 }], evidence: ['command'],
    examples: { match: ['systemctl enable kworker.service', 'cp x /etc/systemd/system/dbus-x.service', 'echo /tmp/x >> /etc/rc.local'], noMatch: ['systemctl status sshd', 'ls /etc/systemd'] },
  },
  {
    id: 'R0028', version: 1, name: 'clear_history', description: 'Shell history cleared or disabled.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bhistory\s+-[a-z]*c|\bunset\s+HIST(?:FILE|SIZE)\b|\bHIST(?:FILE|SIZE|FILESIZE)=(?:/dev/null|0)\b|\brm\s+(?:-\S+\s+)*\S*\.(?:bash|zsh|sh|ash)_history\b|>\s*\S*\.(?:bash|zsh)_history\b|\bln\s+-s\S*\s+/dev/null\s+\S*history\b`, flags: '' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1070', subTechnique: 'T1070.003', confidence: 0.9 }], evidence: ['command'],
    examples: { match: ['history -c', 'unset HISTFILE', 'rm -f ~/.bash_history', 'export HISTFILE=/dev/null'], noMatch: ['history', 'cat ~/.bash_profile'] },
  },
  {
    id: 'R0107', version: 1, name: 'disable_defenses', description: 'Security tools or the firewall stopped or disabled; immutable bits removed.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bsetenforce\s+0\b|\bufw\s+disable\b|\biptables\s+-F\b|\b(?:systemctl|service)\s+(?:stop|disable)\s+(?:firewalld|apparmor|auditd|ufw|selinux|aliyun\S*)|\bchattr\s+-[a-z]*i\b|\bpkill\s+(?:-\S+\s+)*(?:auditd|aliyun|qcloud|bcm-agent)`, flags: 'i' },
    emits: [{ tactic: 'defense-evasion', technique: 'T1562', subTechnique: 'T1562.001', confidence: 0.8 }], evidence: ['command'],
    examples: { match: ['setenforce 0', 'systemctl stop firewalld', 'chattr -i /etc/passwd'], noMatch: ['iptables -L', 'systemctl stop nginx'] },
  },
];
