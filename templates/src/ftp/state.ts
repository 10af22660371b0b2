// Per-connection FTP state shared by the control (session.ts) and transfer (transfers.ts) handlers.
import type { Duplex } from 'node:stream';
import type { ShellUser } from '../_shell/persona';
import type { SessionIo } from '../_io/session-io';
import type { TemplateContext } from '../template';
import type { FtpConfig } from './config';
import type { DataMode, FtpDataCapabilities } from './data-channel';
import type { Flavor } from './listing';
import type { FtpPhrases } from './responses';
import type { FtpFs } from './vfs';

export type FtpContext = TemplateContext<FtpConfig> & FtpDataCapabilities;

export interface Login {
  name: string;
  anonymous: boolean;
  user?: ShellUser;
}

export interface FtpState {
  ctx: FtpContext;
  io: SessionIo;
  phr: FtpPhrases;
  flavor: Flavor;
  pendingUser?: string;
  login?: Login;
  fs?: FtpFs;
  cwd: string;
  type: 'A' | 'I';
  data: DataMode;
  rest: number;
  renameFrom?: string;
  fails: number;
  /** The open data connection, closed with the session. */
  active?: Duplex;
}

export function reply(s: FtpState, ...lines: string[]): void {
  s.io.write(lines.map((l) => `${l}\r\n`).join(''));
}

/** Forget the negotiated data connection (each PASV/PORT serves one transfer). */
export function resetData(s: FtpState): void {
  if (s.data.kind === 'passive') s.data.listener.close();
  s.data = { kind: 'none' };
  s.rest = 0;
}

export const canWrite = (s: FtpState): boolean => !!s.login && !s.login.anonymous && s.ctx.config.write_enable;
