// The conpot template: the industrial-control archetype's PLC (DECNET ran honeynet/conpot), with a
// seeded per-decky identity instead of conpot's default S7-200 one: Modbus/TCP on 502, S7comm on 102.
import { defineService } from '../service';
import type { Template } from '../template';
import { conpotConfigSchema, type ConpotConfig } from './config';
import { conpotPersona, conpotProcesses } from './persona';
import { createConpotSession, MODBUS_PORT } from './session';

export const conpotTemplate: Template<ConpotConfig> = {
  name: 'conpot',
  defaultPorts: [MODBUS_PORT],
  configSchema: conpotConfigSchema,
  createSession: createConpotSession,
};

export const conpotService = defineService({
  template: conpotTemplate,
  description: 'PLC (Siemens S7 / Modicon / AC500 per seed): Modbus/TCP reads from a live process image, writes and identification logged',
  persona: conpotPersona,
  processes: conpotProcesses,
});

export type { ConpotConfig } from './config';
export type { ConpotPersona } from './persona';
