// The Telnet template (RFC 854/855 and the option RFCs): the persona's telnetd negotiation and
// login prompts, credential capture, then the shared fake shell; see README.md.
import { defineService } from '../service';
import type { Template } from '../template';
import { telnetPersona, telnetProcesses } from './persona';
import { telnetConfigSchema, type TelnetConfig } from './config';
import { startTelnetSession } from './session';

export const telnetTemplate: Template<TelnetConfig> = {
  name: 'telnet',
  defaultPorts: [23],
  configSchema: telnetConfigSchema,
  createSession: (stream, ctx) => startTelnetSession(stream, ctx),
};

export const telnetService = defineService({
  template: telnetTemplate,
  description: "The distribution's telnetd: login capture, then the fake shell",
  persona: telnetPersona,
  processes: telnetProcesses,
});
