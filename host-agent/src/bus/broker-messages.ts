// Messages between the agent and its broker thread.
import type { BrokerStats } from './broker';

export type FromBrokerThread =
  | { type: 'ready'; tcpPort: number; socketPath: string }
  | { type: 'stats'; stats: BrokerStats }
  | { type: 'stopped' };

export type ToBrokerThread = { type: 'stop' } | { type: 'stats' };
