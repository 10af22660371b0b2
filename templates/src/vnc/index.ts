// The vnc template: an RFB 3.3/3.7/3.8 server up to VNC Authentication; the DES response to a
// fresh challenge is captured and the login fails as TigerVNC (Linux) or TightVNC (Windows) words it.
import { defineService } from '../service';
import type { Template } from '../template';
import { vncConfigSchema, type VncConfig } from './config';
import { vncPersona, vncProcesses } from './persona';
import { createVncSession } from './session';

export const vncTemplate: Template<VncConfig> = {
  name: 'vnc',
  defaultPorts: [5900],
  configSchema: vncConfigSchema,
  createSession: createVncSession,
};

export const vncService = defineService({
  template: vncTemplate,
  description: 'VNC (RFB 3.3-3.8): VNC Authentication DES response captured, failure worded like TigerVNC/TightVNC',
  persona: vncPersona,
  processes: vncProcesses,
  smoke: { expect: (p): string => `RFB 003.00${p.services.vnc.minor}\n` },
});

export type { VncConfig } from './config';
