// Files of the data directory, in one place.
import { join } from 'node:path';

export interface AgentPaths {
  dataDir: string;
  keyPem: string;
  certPem: string;
  caPem: string;
  spoolDir: string;
  deadLetter: string;
  status: string;
  desiredState: string;
  busSocket: string;
}

export function agentPaths(config: { dataDir: string; bus?: { socketPath?: string | undefined } }): AgentPaths {
  const d = config.dataDir;
  return {
    dataDir: d,
    keyPem: join(d, 'tls', 'agent.key'),
    certPem: join(d, 'tls', 'agent.crt'),
    caPem: join(d, 'tls', 'ca.crt'),
    spoolDir: join(d, 'spool'),
    deadLetter: join(d, 'dead-letter.jsonl'),
    status: join(d, 'status.json'),
    desiredState: join(d, 'desired-state.json'),
    busSocket: config.bus?.socketPath ?? join(d, 'bus.sock'),
  };
}
