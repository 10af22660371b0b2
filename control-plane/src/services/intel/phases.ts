// Kill-chain phases an event shows: reconnaissance, credential access, execution, discovery,
// persistence, exfiltration. Commands are matched against what attackers actually type.
export const PHASES = ['reconnaissance', 'credential_access', 'execution', 'discovery', 'persistence', 'exfiltration'] as const;
export type Phase = (typeof PHASES)[number];

const RECON_TYPES = new Set(['connect', 'connection', 'connection_request', 'request', 'root_probe', 'cat_api', 'cluster_recon', 'nodes_recon', 'get_request', 'message', 'subscribe', 'startup_probe']);
const AUTH_TYPES = new Set(['auth_attempt', 'auth', 'auth_start', 'login', 'user', 'rdp_cookie']);
const UPLOAD_TYPES = new Set(['file_captured', 'upload', 'upload_attempt', 'download']);
const EXFIL_TYPES = new Set(['download_attempt']);

const DISCOVERY = /(?:^|[;&|\s(`])(?:uname|id|whoami|hostname|ifconfig|netstat|ss|ps|w|who|last|lscpu|nproc|free|df|lsblk|lspci|env|arp|route|history|getent|mount)(?:$|[\s;&|)`])|\bip\s+(?:a|addr|r|route|link|n|neigh)\b|\bcat\s+\/(?:etc\/(?:passwd|group|shadow|os-release|issue|hosts|resolv\.conf)|proc\/(?:cpuinfo|meminfo|version))|(?:^|[;&|\s])(?:ls|find|locate)\s|\bsudo\s+-l\b/;
const PERSISTENCE = /\bcrontab\b|\/etc\/cron|authorized_keys|\buseradd\b|\badduser\b|\busermod\b|\bchpasswd\b|\bsystemctl\s+(?:enable|daemon-reload)|\/etc\/rc\.local|\.bashrc|\.bash_profile|\.profile\b|\/etc\/init\.d\/|\bchattr\s+\+i|\bCONFIG\s+SET\s+dir\b/i;
const EXFIL = /\bscp\s|\bsftp\b|\brsync\s|\bcurl\s[^|;]*(?:-T\s|--upload-file|-F\s|--data|-d\s)|\bwget\s[^|;]*--post|\bnc\s[^|;]*<|\|\s*nc\s|\bftp\s+-|\/dev\/tcp\//;

/** Phases of one event; `cmd` is the command line when the event is a command. */
export function phasesOf(eventType: string, fields: Readonly<Record<string, string>>): Phase[] {
  const out = new Set<Phase>();
  if (RECON_TYPES.has(eventType)) out.add('reconnaissance');
  if (AUTH_TYPES.has(eventType) || fields.secret_b64 !== undefined) out.add('credential_access');
  if (UPLOAD_TYPES.has(eventType)) out.add('execution');
  if (EXFIL_TYPES.has(eventType)) out.add('exfiltration');
  const cmd = eventType === 'command' ? (fields.cmd ?? fields.command ?? '') : '';
  if (eventType === 'command') {
    out.add('execution');
    if (DISCOVERY.test(cmd)) out.add('discovery');
    if (PERSISTENCE.test(cmd)) out.add('persistence');
    if (EXFIL.test(cmd)) out.add('exfiltration');
  }
  return [...out];
}
