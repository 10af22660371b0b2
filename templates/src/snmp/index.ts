// The snmp template: an SNMP agent on UDP 161 (v1/v2c Get, GetNext, GetBulk and walks over the
// persona MIB; v3 discovery answered with a USM report where the persona's agent speaks v3), every
// community captured as an `snmp_community` credential and wrong communities left unanswered.
import type { UdpTemplate } from '../datagram';
import { defineService } from '../service';
import { snmpConfigSchema, type SnmpConfig } from './config';
import { createSnmpListener } from './listener';
import { snmpPersona, snmpProcesses } from './persona';

export const snmpTemplate: UdpTemplate<SnmpConfig> = {
  name: 'snmp',
  transport: 'udp',
  defaultPorts: [161],
  configSchema: snmpConfigSchema,
  createDatagramListener: createSnmpListener,
};

export const snmpService = defineService({
  template: snmpTemplate,
  description: 'SNMP agent (v1/v2c get, get-next, get-bulk over the persona MIB; v3 discovery report); communities captured',
  persona: snmpPersona,
  processes: snmpProcesses,
});

export type { SnmpConfig } from './config';
