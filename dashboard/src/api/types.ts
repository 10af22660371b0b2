// Shapes of the control plane's /api/v1 responses as the dashboard reads them.
// Wire enums come from @decnet/protocol as types only (the dashboard never imports its runtime).
import type { EventView } from '@decnet/protocol';
import type { DeckyState, Heartbeat, OsFamily, SecretKind } from '@decnet/protocol';

export type Role = 'admin' | 'viewer';

export interface User {
  id: string;
  username: string;
  role: Role;
  mustChangePassword: boolean;
  createdAt: string;
  lastLoginAt: string | null;
}

export interface Session {
  token: string;
  expiresAt: string;
  user: User;
}

export type HostStatus = 'pending' | 'online' | 'stale' | 'offline' | 'decommissioned';

export interface Host {
  id: string;
  name: string;
  status: HostStatus;
  agentVersion: string | null;
  certFingerprint: string | null;
  lastHeartbeatAt: string | null;
  createdAt: string;
  heartbeat?: Heartbeat | null;
}

export interface EnrollmentToken {
  token: string;
  hostName: string;
  expiresAt: string;
  caSha256: string;
  installCommand: string;
}

export interface DeckyReported {
  state: DeckyState | string;
  services: string[];
  error: string | null;
  at: string;
}

export type ServiceConfig = Record<string, Record<string, string>>;

export interface Decky {
  id: string;
  name: string;
  hostId: string | null;
  archetype: string | null;
  services: string[];
  serviceConfig: ServiceConfig;
  nmapOs: OsFamily | string | null;
  mutateIntervalMin: number | null;
  ip: string | null;
  reported: DeckyReported | null;
  createdAt: string;
  updatedAt: string;
}

export interface DeployWarning {
  line: number;
  message: string;
}

export interface DeployResult {
  hostId: string;
  deckies: Decky[];
  warnings: DeployWarning[];
}

/** A stored event as the API returns it. */
export type EventItem = EventView;

export interface Page<T> {
  items: T[];
  total: number;
}

export interface EventPage {
  items: EventItem[];
  nextCursor: string | null;
}

export interface HistogramBucket {
  ts: string;
  count: number;
}

export interface Histogram {
  intervalS: number;
  buckets: HistogramBucket[];
}

export interface Stats {
  events: number;
  attackers: number;
  credentials: number;
  activeDeckies: number;
  topAttackers: { ip: string; attackerId: string | null; count: number }[];
  topServices: { service: string; count: number }[];
  topCredentials: { principal: string; secretPrintable: string; kind: SecretKind | string; count: number }[];
}

export interface AttackerSummary {
  id: string;
  ip: string;
  firstSeen: string;
  lastSeen: string;
  eventCount: number;
  services: string[];
  deckies: string[];
  isTraversal: boolean;
  credentialCount: number;
  sessionCount: number;
  behaviorClass: string | null;
  toolGuesses: string[];
  phases: string[];
}

export interface AttackerProfile {
  behaviorClass: string | null;
  toolGuesses: string[];
  phases: string[];
  timing: { meanIatS: number | null; stdevIatS: number | null; count: number } | null;
}

export interface SessionItem {
  id: string;
  attackerId: string | null;
  srcIp: string;
  decky: string;
  service: string;
  startedAt: string;
  endedAt: string | null;
  durationMs: number | null;
  commandCount: number;
  commands: { ts: string; cmd: string }[];
  eventCount: number;
}

export interface Credential {
  id: string;
  secretSha256: string;
  kind: SecretKind | string;
  principal: string;
  secretPrintable: string;
  outcome: string | null;
  attempts: number;
  firstSeen: string;
  lastSeen: string;
  targets: { decky: string; service: string }[];
  attackerIps: string[];
}

export interface CredentialReuse {
  id: string;
  secretSha256: string;
  kind: SecretKind | string;
  principal: string;
  secretPrintable: string;
  deckies: string[];
  services: string[];
  attackerIps: string[];
  targetCount: number;
  attempts: number;
  firstSeen: string;
  lastSeen: string;
}

export interface Artifact {
  sha256: string;
  size: number;
  name: string;
  decky: string;
  service: string;
  ts: string;
}

export interface AttackerDetail {
  attacker: AttackerSummary & { profile: AttackerProfile | null };
  sessions: SessionItem[];
  credentials: Credential[];
  artifacts: Artifact[];
  commands: { ts: string; decky: string; service: string; cmd: string }[];
  events: EventItem[];
}

export interface CatalogueArchetype {
  slug: string;
  services: string[];
  description: string;
  nmapOs: string;
}

export interface Catalogue {
  archetypes: CatalogueArchetype[];
  services: string[];
}

export interface StreamTicket {
  ticket: string;
  expiresAt: string;
}
