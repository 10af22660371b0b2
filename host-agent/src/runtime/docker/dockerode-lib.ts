// dockerode, loaded on first use. It loads docker-modem, which loads ssh2 (for ssh:// daemons), and
// ssh2 sets up a 16 MB WebAssembly heap as it loads: a process that never talks to docker (npm start
// on the local runtime, an agent without the docker runtime) should not carry it. A static import
// would be evaluated at start-up: the bundles keep npm packages as imports at their top.
// @decnet-build keep-import-meta: resolved from the running bundle (or this source file), as its imports are.
import type Dockerode from 'dockerode';
import { createRequire } from 'node:module';

const requireCjs = createRequire(import.meta.url);

/** A docker client (dockerode is loaded now if it was not yet). */
export function newDockerClient(options: Dockerode.DockerOptions): Dockerode {
  const DockerodeClass = requireCjs('dockerode') as typeof Dockerode;
  return new DockerodeClass(options);
}
