// Public surface of the control plane package (runtime-neutral).
export { createApp, type App } from './app';
export { parseConfig, type AppConfig } from './config';
export type { AppDeps, Logger } from './deps';
export { createPasswordHasher } from './crypto/password';
export { ensureFirstAdmin } from './services/auth/bootstrap-admin';
