// What an attacker's create/exec/pull request asks the daemon to do, read from its JSON body
// (Engine API ContainerCreate / ExecConfig): image, command, host mounts, privileges, namespaces.
// The body is bounded before parsing, every field is bounded after, nothing is ever executed.
import { parseJsonBody, stringField } from '../_httpapi/request-log';

export type IntentFields = Record<string, string | number | undefined>;

const obj = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);
const list = (v: unknown, max = 1024): string | undefined => {
  if (!Array.isArray(v)) return undefined;
  const s = v.filter((x): x is string => typeof x === 'string').slice(0, 64).map((x) => x.slice(0, 512));
  return s.length ? JSON.stringify(s).slice(0, max) : undefined;
};
const flag = (v: unknown): number | undefined => (v === true ? 1 : v === false ? 0 : undefined);

/** POST /containers/create: the container an attacker wants. */
export function createIntent(body: Buffer): IntentFields {
  const spec = obj(parseJsonBody(body));
  if (!spec) return { body_json: 0 };
  const host = obj(spec.HostConfig) ?? {};
  const mounts = Array.isArray(host.Mounts) ? host.Mounts.map((m) => obj(m)).filter((m) => m).map((m) => `${String(m?.Source ?? '').slice(0, 256)}:${String(m?.Target ?? '').slice(0, 256)}`) : [];
  return {
    image: stringField(spec, 'Image', 512),
    cmd: list(spec.Cmd) ?? stringField(spec, 'Cmd'),
    entrypoint: list(spec.Entrypoint) ?? stringField(spec, 'Entrypoint'),
    user: stringField(spec, 'User', 128),
    working_dir: stringField(spec, 'WorkingDir', 512),
    env: list(spec.Env, 2048),
    binds: list(host.Binds) ?? (mounts.length ? JSON.stringify(mounts.slice(0, 64)).slice(0, 1024) : undefined),
    privileged: flag(host.Privileged),
    network_mode: stringField(host, 'NetworkMode', 128),
    pid_mode: stringField(host, 'PidMode', 128),
    ipc_mode: stringField(host, 'IpcMode', 128),
    cap_add: list(host.CapAdd, 512),
    devices: Array.isArray(host.Devices) ? String(host.Devices.length) : undefined,
    tty: flag(spec.Tty),
  };
}

/** POST /containers/{id}/exec: the command to run inside a container. */
export function execIntent(body: Buffer): IntentFields {
  const spec = obj(parseJsonBody(body));
  if (!spec) return { body_json: 0 };
  return { cmd: list(spec.Cmd) ?? stringField(spec, 'Cmd'), user: stringField(spec, 'User', 128), privileged: flag(spec.Privileged), tty: flag(spec.Tty), env: list(spec.Env, 2048), working_dir: stringField(spec, 'WorkingDir', 512) };
}

/** POST /exec/{id}/start: detached or attached. */
export function execStartIntent(body: Buffer): IntentFields {
  const spec = obj(parseJsonBody(body));
  return spec ? { detach: flag(spec.Detach), tty: flag(spec.Tty) } : {};
}
