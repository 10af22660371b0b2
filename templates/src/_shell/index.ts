// Public API of the shared fake shell: SSH and Telnet transports create one shell per accepted
// login, feed it lines and write back what it returns. Everything else in this folder is internal.

export { createShell } from './shell';
export type { ExecuteResult, Shell, ShellOptions } from './shell';
export { exampleShellPersona } from './persona';
export type { DistroFamily, ShellPersona, ShellProcessSeed, ShellUser } from './persona';
export type { SessionInfo } from './flavor';
export type { Emit } from './state';
export { LIMITS } from './limits';
