// @decnet/protocol: wire contracts shared by templates, host-agent, control-plane and dashboard.
// Pure and runtime-neutral (Node, browsers, Workers): no I/O, no node:* imports.

export * from './rfc5424/constants';
export * from './rfc5424/format';
export * from './rfc5424/parse';
export * from './rfc5424/timestamp';
export { escapeParamValue, unescapeParamValue } from './rfc5424/sanitize';
export * from './rfc5424/attacker-address';
export * from './rfc5424/decnet-record';
export * from './rfc5424/connect-dedup';

export * from './events/catalogue';
export * from './events/credential';
export * from './events/event';

export * from './bus/topic-error';
export * from './bus/topics';
export * from './bus/topic-patterns';
export * from './bus/envelope';
export * from './bus/health';
export * from './webhooks/facts';
export * from './webhooks/api';
export * from './attack/enterprise';
export * from './attack/rule';
export * from './attack/api';

export * from './agent/dto';
export * from './agent/realism';

export * from './fleet/os-fingerprints';
export * from './fleet/distros';
export * from './fleet/archetypes';
export * from './fleet/decky-spec';
export * from './fleet/ini-error';
export * from './fleet/ini';
export * from './fleet/topology';
export * from './fleet/topology-net';
export * from './fleet/topology-apply';
export * from './fleet/topology-validate';
export * from './fleet/high-interaction';
export * from './fleet/topology-generate';
export * from './fleet/custom-service';

export { isIPv4, isIPv6, isIp, splitHostPort, ipv4InCidr, parseIPv4Cidr } from './util/ip';
export { bytesToBase64, base64ToBytes, bytesToHex } from './util/bytes';
export * from './api/event-view';
export * from './api/auth';
export * from './api/fleet';
export * from './api/intel';
export * from './api/catalogue';
export * from './api/topology';
export * from './api/identities';
export * from './api/releases';
export * from './canaries/tokens';
