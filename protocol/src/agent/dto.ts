// Agent <-> control-plane API contracts (DESIGN §2.3), one module per exchange.
export * from './enrollment';
export * from './event-batch';
export * from './heartbeat';
export * from './desired-state';
export { DeckySpecSchema, DeployableDeckySpecSchema, type DeckySpec } from '../fleet/decky-spec';
export * from './fleet-control';
export * from './release';
