// The conpot template: the industrial-control archetype's PLC (DECNET ran honeynet/conpot), with a
// seeded per-decky identity instead of conpot's default S7-200 one: Modbus/TCP on 502, S7comm on 102.
import { defineService } from '../service';
import type { Template } from '../template';
import { conpotConfigSchema, type ConpotConfig } from './config';
import { conpotPersona, conpotProcesses } from './persona';
import { createConpotSession, ISO_TSAP_PORT, MODBUS_PORT } from './session';

export const conpotTemplate: Template<ConpotConfig> = {
  name: 'conpot',
  defaultPorts: [MODBUS_PORT, ISO_TSAP_PORT],
  configSchema: conpotConfigSchema,
  createSession: createConpotSession,
};

export const conpotService = defineService({
  template: conpotTemplate,
  description: 'PLC (Siemens S7 / Modicon / AC500 per seed): Modbus/TCP 502 and S7comm 102 from a live process image; writes logged as intent; seeded identity',
  persona: conpotPersona,
  processes: conpotProcesses,
});

export type { ConpotConfig } from './config';
export type { ConpotPersona } from './persona';
