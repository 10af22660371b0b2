// The llmnr template: a passive detector for Responder-style name poisoning on LLMNR (UDP 5355),
// mDNS (5353) and NBNS (137). Logs every query and answer, never answers (DECNET: "logs only"),
// and flags whoever answers the decky's probes for names nothing owns.
import type { UdpTemplate } from '../datagram';
import { defineService } from '../service';
import { llmnrConfigSchema, type LlmnrConfig } from './config';
import { createLlmnrListener } from './listener';
import { llmnrPersona } from './persona';

export const llmnrTemplate: UdpTemplate<LlmnrConfig> = {
  name: 'llmnr',
  transport: 'udp',
  defaultPorts: [5355, 5353, 137],
  configSchema: llmnrConfigSchema,
  // RFC 4795 §2: 224.0.0.252 / FF02::1:3; RFC 6762 §3: 224.0.0.251 / FF02::FB; NBNS is broadcast.
  multicastGroups: (port) => (port === 5355 ? ['224.0.0.252', 'ff02::1:3'] : port === 5353 ? ['224.0.0.251', 'ff02::fb'] : []),
  broadcast: (port) => port === 137,
  createDatagramListener: createLlmnrListener,
};

export const llmnrService = defineService({
  template: llmnrTemplate,
  description: 'LLMNR/mDNS/NBNS listener: logs name queries, never answers, detects Responder-style poisoners',
  persona: llmnrPersona,
});

export type { LlmnrConfig } from './config';
