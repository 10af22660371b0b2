// Discovery and credential-access shell rules (DECNET R0013–R0023, R0036 and additions): account,
// system, network and file discovery, scans, credential files and private keys.
import { CMD, type RepoRule } from './types';

export const shellDiscoveryRules: RepoRule[] = [
  {
    id: 'R0013', version: 1, name: 'read_etc_passwd', description: 'The local account list read from /etc/passwd.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:cat|less|more|head|tail|grep|awk|cut|sed|vi|vim|nano|strings)\b[^;|&]{0,80}?/etc/passwd\b|\bgetent\s+passwd\b`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1087', subTechnique: 'T1087.001', confidence: 0.7 }, { tactic: 'discovery', technique: 'T1083', confidence: 0.4 }], evidence: ['command'],
    examples: { match: ['cat /etc/passwd', 'grep bash /etc/passwd | cut -d: -f1', 'getent passwd'], noMatch: ['cat /etc/hostname', 'passwd'] },
  },
  {
    id: 'R0014', version: 1, name: 'read_etc_shadow', description: 'Password hashes read from /etc/shadow (or unshadowed).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`/etc/g?shadow\b|\bunshadow\b`, flags: '' },
    emits: [{ tactic: 'credential-access', technique: 'T1003', subTechnique: 'T1003.008', confidence: 0.9 }], evidence: ['command'],
    examples: { match: ['cat /etc/shadow', 'unshadow passwd shadow > h'], noMatch: ['cat /etc/passwd', 'ls /etc'] },
  },
  {
    id: 'R0015', version: 1, name: 'suid_search', description: 'Search for setuid/setgid binaries (privilege escalation paths).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bfind\b[^;|&]{0,120}?-perm\s+[-/+]?(?:u=s|g=s|[0-7]?[246]000|\+s)`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1083', confidence: 0.7 }, { tactic: 'privilege-escalation', technique: 'T1548', subTechnique: 'T1548.001', confidence: 0.8 }], evidence: ['command'],
    examples: { match: ['find / -perm -4000 -type f 2>/dev/null', 'find / -perm -u=s'], noMatch: ['find . -name "*.log"', 'ls -la /usr/bin'] },
  },
  {
    id: 'R0016', version: 1, name: 'file_search', description: 'File system searches from the root or for interesting names.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:find\s+/\S*\s+[^;|&]{0,120}?-(?:name|iname|type|user|writable|mtime)\b|locate\s+\S|ls\s+-[a-zA-Z]*R[a-zA-Z]*\s+/)`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1083', confidence: 0.5 }], evidence: ['command'],
    examples: { match: ['find / -name "*.conf" 2>/dev/null', 'locate id_rsa', 'ls -laR /home'], noMatch: ['ls -la', 'cd /tmp'] },
  },
  {
    id: 'R0017', version: 1, name: 'network_scan', description: 'Port and host scanning from the host.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:nmap|masscan|zmap|rustscan|naabu|unicornscan|hping3?)\b|\bnc\s+-[a-y]*z`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1046', confidence: 0.8 }, { tactic: 'reconnaissance', technique: 'T1595', confidence: 0.6 }], evidence: ['command'],
    examples: { match: ['nmap -sS 10.0.0.0/24', 'masscan -p22 0.0.0.0/0 --rate 10000', 'nc -zv 10.0.0.5 1-1000'], noMatch: ['netstat -an', 'echo scan'] },
  },
  {
    id: 'R0018', version: 1, name: 'system_info', description: 'System information discovery: kernel, OS release, CPU, memory, disks.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:uname|hostnamectl|lscpu|nproc|lsb_release|dmidecode|free|df|uptime|cat\s+/proc/(?:cpuinfo|version|meminfo)|cat\s+/etc/(?:os|lsb|redhat|debian)[-_](?:release|version))\b`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1082', confidence: 0.7 }], evidence: ['command'],
    examples: { match: ['uname -a', 'cat /proc/cpuinfo | grep name | wc -l', 'whoami; cat /etc/os-release'], noMatch: ['echo uname', 'cat notes.txt'] },
  },
  {
    id: 'R0019', version: 1, name: 'user_discovery', description: 'Who am I and who else is logged in.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:whoami|id|w|who|last|lastlog|users|groups)(?:\s|$|;|\|)`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1033', confidence: 0.6 }], evidence: ['command'],
    examples: { match: ['whoami', 'id', 'uname -a; w'], noMatch: ['wget x', 'identify img.png'] },
  },
  {
    id: 'R0020', version: 1, name: 'network_config', description: 'Network configuration discovery: interfaces, routes, resolvers, ARP.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:ifconfig|iwconfig|nmcli|ip\s+(?:-\S+\s+)*(?:a|addr|address|r|route|link|neigh|n)\b|route(?:\s+-n)?(?:\s|$)|arp\s+-a|cat\s+/etc/(?:resolv\.conf|hosts|network/interfaces))`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1016', confidence: 0.7 }], evidence: ['command'],
    examples: { match: ['ifconfig', 'ip a', 'cat /etc/resolv.conf'], noMatch: ['ipcalc 10.0.0.0/8', 'echo ip'] },
  },
  {
    id: 'R0021', version: 1, name: 'network_connections', description: 'Network connections discovery (netstat, ss, lsof -i).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:netstat|ss\s+-[a-zA-Z]+|lsof\s+-i)`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1049', confidence: 0.7 }], evidence: ['command'],
    examples: { match: ['netstat -antp', 'ss -tulpn'], noMatch: ['sshd -t', 'lsof /var/log/syslog'] },
  },
  {
    id: 'R0022', version: 1, name: 'domain_discovery', description: 'Directory (LDAP/AD) account and trust discovery.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:ldapsearch|nltest|adfind|bloodhound(?:-python)?|sharphound|dsquery|get-ad(?:user|domain|trust)|net\s+group\s+["']?domain)\b`, flags: 'i' },
    emits: [{ tactic: 'discovery', technique: 'T1087', subTechnique: 'T1087.002', confidence: 0.8 }, { tactic: 'discovery', technique: 'T1482', confidence: 0.6 }], evidence: ['command'],
    examples: { match: ['ldapsearch -x -H ldap://10.0.0.2 -b dc=corp,dc=local', 'nltest /domain_trusts'], noMatch: ['ls /var/lib/ldap', 'grep domain /etc/resolv.conf'] },
  },
  {
    id: 'R0023', version: 1, name: 'share_discovery', description: 'Network share discovery (SMB, NFS).',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bsmbclient\s+(?:-\S+\s+)*-L\b|\bsmbmap\b|\benum4linux\b|\bshowmount\s+-e\b|\bnet\s+(?:view|share)\b|\bcrackmapexec\s+smb\b[^;|&]*--shares`, flags: 'i' },
    emits: [{ tactic: 'discovery', technique: 'T1135', confidence: 0.8 }], evidence: ['command'],
    examples: { match: ['smbclient -N -L //10.0.0.3', 'showmount -e 10.0.0.9'], noMatch: ['smbclient //10.0.0.3/share', 'mount /dev/sdb1 /mnt'] },
  },
  {
    id: 'R0109', version: 1, name: 'process_discovery', description: 'Process listing.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: CMD + String.raw`(?:ps(?:\s+-?[a-zA-Z]+)*|top|htop|pgrep\s+\S+)(?:\s|$|;|\|)`, flags: '' },
    emits: [{ tactic: 'discovery', technique: 'T1057', confidence: 0.5 }], evidence: ['command'],
    examples: { match: ['ps aux', 'ps -ef | grep miner', 'top'], noMatch: ['psql -U postgres', 'echo ps'] },
  },
  {
    id: 'R0036', version: 1, name: 'credentials_in_files', description: 'Files that hold credentials: cloud keys, .env, git/docker/netrc credentials, app configs, SSH private keys.',
    appliesTo: ['command', 'url'], match: { kind: 'pattern', pattern: String.raw`\.aws/credentials|\.docker/config\.json|\.git-credentials|\.netrc\b|\bwp-config\.php|/\.env\b|(?:^|\s)\.env\b|\.pgpass\b|\.my\.cnf\b|\.ssh/id_(?:rsa|dsa|ecdsa|ed25519)\b|\bcredentials\.xml\b|\.bash_history\b`, flags: 'i' },
    emits: [{ tactic: 'credential-access', technique: 'T1552', subTechnique: 'T1552.001', confidence: 0.75 }], evidence: ['command', 'url', 'match'],
    examples: { match: ['cat ~/.aws/credentials', '/.env', 'cat /root/.ssh/id_rsa', '/wp-config.php.bak'], noMatch: ['cat /etc/hostname', '/index.html'] },
  },
];
