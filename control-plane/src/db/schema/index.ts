// The control plane's schema, one file per entity; drizzle-kit reads this index.
export * from './users';
export * from './login-attempts';
export * from './hosts';
export * from './enrollment-tokens';
export * from './deckies';
export * from './topologies';
export * from './events';
export * from './attackers';
export * from './attacker-fingerprints';
export * from './sessions';
export * from './credentials';
export * from './artifacts';
export * from './stream-tickets';
export * from './event-rollups';
