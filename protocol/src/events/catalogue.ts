// The MSGID catalogue: every event type each service may emit (inventory §1.2 and §1.4).
// Keep DECNET's names so SIEM parsers keep working; a template test fails on anything unlisted.

/** MSGIDs any service may emit (lifecycle, limits, failures); the last three are ours. */
export const COMMON_MSGIDS = [
  'startup',
  'shutdown',
  'connect',
  'connection',
  'disconnect',
  'error',
  'protocol_error',
  'session_timeout',
  'oversized_input',
  'rate_limited',
] as const;

const HTTP_MSGIDS = [
  'request',
  'auth_attempt',
  'http_request_fingerprint',
  'http2_settings',
  'http3_settings',
  'http_access',
] as const;

const SMTP_MSGIDS = [
  'ehlo', 'mail_from', 'rcpt_to', 'rcpt_denied', 'rcpt_greylisted', 'rcpt_rejected_syntax',
  'rcpt_rejected_tld', 'vrfy', 'auth_attempt', 'message_accepted', 'message_stored', 'unknown_command',
] as const;

/** Service slug -> MSGIDs beyond COMMON_MSGIDS. 28 per-decky services plus the sniffer. */
export const SERVICE_MSGIDS = {
  ssh: ['auth_attempt', 'command', 'session_recorded', 'recording_chunk', 'session_skipped', 'file_captured', 'download'], // download: wget/curl in the fake shell; recording_chunk: the session's asciicast in base64 pieces (ours)
  telnet: ['auth_attempt', 'command', 'session_recorded', 'recording_chunk', 'session_skipped', 'file_captured', 'download'], // file_captured: high-interaction telnet's dropped files
  http: HTTP_MSGIDS,
  https: [...HTTP_MSGIDS, 'tls_handshake_failed'],
  // `command` and `upload_attempt` are ours (DECNET logs only USER/PASS/RETR).
  ftp: ['user', 'auth_attempt', 'download_attempt', 'command', 'upload_attempt'],
  // `transfer` is ours: a finished (or aborted) RRQ download or accepted WRQ upload, with size and sha256.
  tftp: ['request', 'unknown_opcode', 'transfer'],
  // `tree_connect`, `share_enum` (srvsvc NetrShareEnumAll) and `server_info` (NetrServerGetInfo) are ours.
  smb: ['auth_attempt', 'tree_connect', 'share_enum', 'server_info'],
  rdp: ['connection_request', 'rdp_cookie', 'auth_attempt', 'tls_handshake_failed'],
  vnc: ['version', 'security_choice', 'auth_response'],
  smtp: SMTP_MSGIDS,
  // `relay_delivery` is ours: the runner's smarthost delivered (or refused) a probe, DECNET's driver outcome.
  smtp_relay: [...SMTP_MSGIDS, 'relay_delivery'],
  imap: ['command', 'auth'],
  pop3: ['command', 'auth', 'retr', 'delete'],
  // `search` is ours: nmap's ldap-rootdse sends an anonymous SearchRequest.
  ldap: ['bind', 'search'],
  // `poisoning_detected` is ours: an answer to a name the decky probed for and nothing owns (Responder, Inveigh).
  llmnr: ['query', 'raw_packet', 'poisoning_detected'],
  dns: [
    'query', 'fingerprint_probe', 'zone_transfer', 'amp_probe', 'tunneling_suspect', 'flood_suspect',
    'recon_burst', 'tracking_evicted', 'malformed_packet', 'empty_question_section',
    'question_parse_error', 'multi_question',
  ],
  mysql: ['auth'],
  // DECNET's postgres reuses `startup` (username, database) for the StartupMessage.
  postgres: ['auth'],
  mssql: ['auth', 'unknown_packet'],
  mongodb: ['message', 'auth_start', 'auth'],
  redis: ['command', 'auth'],
  elasticsearch: [
    'request', 'root_probe', 'cat_api', 'cluster_recon', 'nodes_recon', 'security_probe',
    'post_request', 'put_request', 'delete_request', 'head_request', 'auth_attempt',
  ],
  mqtt: ['auth', 'subscribe', 'publish', 'packet', 'config_error'],
  snmp: ['get_request', 'parse_error'],
  // `parse_error` is ours: a datagram or TCP frame that is no SIP message (never answered).
  sip: ['request', 'parse_error'],
  k8s: ['request', 'auth_attempt'],
  docker_api: ['request', 'auth_attempt'],
  conpot: ['request', 'warning', 'log'],
  sniffer: [
    'tls_client_hello', 'tls_session', 'tls_certificate', 'tcp_syn_fingerprint', 'tcp_flow_timing',
    'ssh_client_banner', 'quic_client_hello', 'http_request_fingerprint', 'ipv6_link_local_leak',
  ],
} as const satisfies Record<string, readonly string[]>;

export type ServiceSlug = keyof typeof SERVICE_MSGIDS;
export type CommonMsgid = (typeof COMMON_MSGIDS)[number];
/** The MSGIDs one service may emit, as a union type. */
export type ServiceMsgid<S extends ServiceSlug> = CommonMsgid | (typeof SERVICE_MSGIDS)[S][number];

export const SERVICE_SLUGS = Object.keys(SERVICE_MSGIDS) as ServiceSlug[];

/** Services that run once per fleet, not per decky (DECNET `fleet_singleton`). */
export const FLEET_SINGLETON_SERVICES: readonly ServiceSlug[] = ['sniffer'];

export function isServiceSlug(s: string): s is ServiceSlug {
  return Object.hasOwn(SERVICE_MSGIDS, s);
}

const COMMON_SET: ReadonlySet<string> = new Set(COMMON_MSGIDS);
const BY_SERVICE: ReadonlyMap<string, ReadonlySet<string>> = new Map(
  SERVICE_SLUGS.map((s) => [s, new Set<string>([...COMMON_MSGIDS, ...SERVICE_MSGIDS[s]])]),
);

/** All MSGIDs a service may emit (common ones included), sorted; [] for an unknown service. */
export function msgidsFor(service: string): string[] {
  return [...(BY_SERVICE.get(service) ?? [])].sort();
}

/** True when `msgid` is in the catalogue for `service` (or common, for a known service). */
export function isKnownMsgid(service: string, msgid: string): boolean {
  const set = BY_SERVICE.get(service);
  return set !== undefined ? set.has(msgid) : false;
}

export function isCommonMsgid(msgid: string): msgid is CommonMsgid {
  return COMMON_SET.has(msgid);
}

/** Every MSGID in the catalogue, deduplicated and sorted. */
export const ALL_MSGIDS: readonly string[] = [
  ...new Set<string>([...COMMON_MSGIDS, ...SERVICE_SLUGS.flatMap((s) => SERVICE_MSGIDS[s])]),
].sort();

/**
 * The host agent's own events (service `decnet-agent`): spool drops, quarantined poison events and
 * log lines it could not parse. Not a decky service, so not in SERVICE_SLUGS.
 */
export const AGENT_SERVICE = 'decnet-agent';
export const AGENT_MSGIDS = ['spool_dropped', 'event_quarantined', 'parse_error'] as const;
export type AgentMsgid = (typeof AGENT_MSGIDS)[number];

/**
 * The control plane's per-decky record of an applied topology mutation (service `mutator`, fields
 * topology, op, trigger, mutation_id). Not a decky service, so not in SERVICE_SLUGS.
 */
export const MUTATOR_SERVICE = 'mutator';
export const MUTATOR_MSGIDS = ['decky_mutated'] as const;

/**
 * The host agent's prober worker (service `prober`, issue 12): each active probe of an attacker
 * address is logged when it starts and with its result. A worker, not a decky service, so not in
 * SERVICE_SLUGS (which the deploy pool and the service catalogue read).
 */
export const PROBER_SERVICE = 'prober';
export const PROBER_MSGIDS = ['probe_started', 'prober_result'] as const;
export type ProberMsgid = (typeof PROBER_MSGIDS)[number];
