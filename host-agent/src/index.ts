// @decnet/host-agent: the sensor-host daemon. Exports for tests, benchmarks and in-process sources.
export { Agent, NotEnrolledError, type AgentOptions } from './agent/agent';
export { readStatus, isRunning, type AgentStatus } from './agent/status';
export { AgentConfigSchema, type AgentConfig, type AgentConfigInput } from './config/schema';
export { loadConfig, parseConfig, saveConfig } from './config/load';
export { agentPaths } from './config/paths';
export { enroll, EnrollError } from './enroll/enroll';
export { startBroker, type BrokerOptions } from './bus/broker';
export { BusClient } from './bus/bus-client';
export { Spool } from './spool/spool';
export { EventSpool } from './spool/event-spool';
export { MtlsClient } from './uplink/mtls-client';
export { IngestPayloadSchema } from './workers/ingest/ingest-worker';
export { AGENT_VERSION } from './version';
