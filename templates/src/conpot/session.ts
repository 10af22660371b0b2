// One conpot connection: the listener's real port picks the protocol, as on the PLC (Modbus/TCP on
// 502, ISO-TSAP/S7comm on 102). The port comes from ctx.servicePort (the runner maps ports on the
// local runtime and in tests); any port other than 102 speaks Modbus, the primary protocol.
import type { Duplex } from 'node:stream';
import type { SessionHandle, TemplateContext } from '../template';
import type { ConpotConfig } from './config';
import { createModbusSession } from './modbus-session';
import { createS7Session } from './s7-session';

export const MODBUS_PORT = 502;
export const ISO_TSAP_PORT = 102;

export function createConpotSession(stream: Duplex, ctx: TemplateContext<ConpotConfig>): SessionHandle {
  const port = ctx.servicePort ?? ctx.dst.port;
  return port === ISO_TSAP_PORT ? createS7Session(stream, ctx) : createModbusSession(stream, ctx);
}
