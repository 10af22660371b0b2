// The docker decky runtime (DESIGN §3): public surface for the agent.
export { DockerRuntime } from './docker-runtime';
export type { DockerRuntimeOptions, DockerNetworkOptions } from './options';
