// Routing of the Docker Engine API (optional /v1.xx prefix, checked against the daemon's API range as
// dockerd does): reads are served from the persona, create/start/exec/pull are acknowledged with
// fresh IDs and remembered per decky (bounded) so a client's follow-up calls agree; nothing runs.
import type { ApiRequest } from '../_httpapi/types';
import type { Persona } from '../persona/types';
import { createIntent, execIntent, execStartIntent, type IntentFields } from './intent';
import { newObjectId, type BaitContainer, type DockerApiPersona } from './persona';
import { containerInspect, containerSummary, imageSummary, infoBody, message, versionBody } from './responses';
import { apiCompare } from './versions';

export interface DockerAnswer {
  status: number;
  /** JSON value (written with a trailing newline as json.Encoder does), text, or nothing. */
  json?: unknown;
  text?: string;
  /** Extra headers (the /_ping caching headers). */
  headers?: Array<[string, string]>;
  /** A hijacked stream's opening bytes; the connection closes after them. */
  raw?: Buffer;
}

export interface DockerRoute {
  answer: DockerAnswer;
  /** The intent an attacker expressed (create, start, exec, exec_start, pull, delete ...). */
  action?: string;
  intent?: IntentFields;
  containerId?: string;
}

export interface DockerEnv {
  d: DockerApiPersona;
  persona: Persona;
  nowMs: number;
  port: number;
  /** Containers and execs created on this decky (shared by its connections). */
  created: Map<string, BaitContainer>;
}

const MAX_CREATED = 64;

/** Path and args joined as `docker ps` shows a container's command. */
function commandLine(intent: IntentFields): string {
  const parts: string[] = [];
  for (const v of [intent.entrypoint, intent.cmd]) {
    if (typeof v !== 'string') continue;
    try {
      const arr: unknown = JSON.parse(v);
      if (Array.isArray(arr)) parts.push(...arr.map(String));
    } catch {
      parts.push(v);
    }
  }
  return parts.join(' ').slice(0, 1024);
}

export function remember(map: Map<string, BaitContainer>, c: BaitContainer): void {
  map.set(c.id, c);
  while (map.size > MAX_CREATED) map.delete(map.keys().next().value ?? '');
}

function findContainer(env: DockerEnv, ref: string): BaitContainer | undefined {
  if (!ref) return undefined;
  const all = [...env.d.containers, ...env.created.values()];
  return all.find((c) => c.name === ref || c.name === ref.replace(/^\//, '')) ?? (ref.length >= 3 ? all.find((c) => c.id.startsWith(ref)) : undefined);
}

const notFound: DockerAnswer = { status: 404, json: message('page not found') };
const noSuch = (ref: string): DockerAnswer => ({ status: 404, json: message(`No such container: ${ref.slice(0, 128)}`) });

function hijack(req: ApiRequest, kind: 'raw' | 'multiplexed'): DockerAnswer {
  const type = `application/vnd.docker.${kind === 'raw' ? 'raw' : 'multiplexed'}-stream`;
  const upgrade = /tcp/i.test(req.header('upgrade') ?? '');
  return { status: 101, raw: Buffer.from(upgrade ? `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${type}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n` : `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\n\r\n`) };
}

export function versionCheck(env: DockerEnv, path: string): { path: string; error?: DockerAnswer } {
  const m = /^\/v([0-9.]{1,10})(\/.*)?$/.exec(path);
  if (!m) return { path };
  const v = m[1] ?? '';
  const b = env.d.build;
  if (apiCompare(v, b.api) > 0) return { path: m[2] ?? '/', error: { status: 400, json: message(`client version ${v} is too new. Maximum supported API version is ${b.api}`) } };
  if (apiCompare(v, b.minApi) < 0) return { path: m[2] ?? '/', error: { status: 400, json: message(`client version ${v} is too old. Minimum supported API version is ${b.minApi}, please upgrade your client to a newer version`) } };
  return { path: m[2] ?? '/' };
}

export function route(env: DockerEnv, req: ApiRequest): DockerRoute {
  const { d, persona } = env;
  const checked = versionCheck(env, req.path);
  if (checked.error) return { answer: checked.error };
  const seg = checked.path.split('/').filter(Boolean).slice(0, 8);
  const [a = '', b = '', c = ''] = seg;
  const m = req.method;
  const bootSec = Math.floor(persona.shell.bootedAtMs / 1000);
  if (m === 'OPTIONS') return { answer: { status: 200 } };
  if (a === '_ping' && (m === 'GET' || m === 'HEAD')) {
    return { answer: { status: 200, text: m === 'HEAD' ? '' : 'OK', headers: [['Builder-Version', Number(d.build.version.split('.')[0]) >= 23 ? '2' : '1'], ['Cache-Control', 'no-cache, no-store, must-revalidate'], ['Pragma', 'no-cache'], ['Content-Type', 'text/plain; charset=utf-8']] } };
  }
  if (m === 'GET' && seg.length === 1 && a === 'version') return { answer: { status: 200, json: versionBody(d, persona) } };
  if (m === 'GET' && seg.length === 1 && a === 'info') return { answer: { status: 200, json: infoBody(d, persona, env.nowMs, env.port) } };
  if (a === 'swarm' || a === 'nodes' || a === 'services' || a === 'tasks' || a === 'secrets') {
    return { answer: { status: 503, json: message('This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.') } };
  }
  if (a === 'images') {
    if (m === 'GET' && b === 'json') return { answer: { status: 200, json: imageSummary(d) } };
    if (m === 'POST' && b === 'create') {
      const image = `${(req.query.get('fromImage') ?? '').slice(0, 256)}:${(req.query.get('tag') ?? 'latest').slice(0, 128)}`;
      const short = image.replace(/^docker\.io\//, '').replace(/:.*$/, '');
      const lines = [{ status: `Pulling from ${short.includes('/') ? short : `library/${short}`}`, id: image.split(':').pop() }, { status: `Digest: sha256:${newObjectId()}` }, { status: `Status: Downloaded newer image for ${image}` }];
      return { answer: { status: 200, text: lines.map((l) => `${JSON.stringify(l)}\r\n`).join(''), headers: [['Content-Type', 'application/json']] }, action: 'pull', intent: { image } };
    }
    return { answer: notFound };
  }
  if (a === 'networks' && m === 'GET') return { answer: { status: 200, json: ['bridge', 'host', 'none'].map((n, i) => ({ Name: n, Id: `${d.daemonId.replace(/[^0-9a-f]/gi, '').toLowerCase().padEnd(32, '0').slice(0, 32)}${String(i).repeat(32)}`, Created: new Date(bootSec * 1000).toISOString(), Scope: 'local', Driver: n === 'none' ? 'null' : n, EnableIPv6: false, Internal: false, Attachable: false, Ingress: false, Containers: {}, Options: {}, Labels: {} })) } };
  if (a === 'volumes' && m === 'GET') return { answer: { status: 200, json: { Volumes: [], Warnings: null } } };
  if (a === 'containers') {
    if (m === 'GET' && b === 'json') {
      const all = /^(1|true)$/.test(req.query.get('all') ?? '');
      const list = [...env.d.containers, ...env.created.values()].filter((x) => all || x.running).sort((x, y) => y.created - x.created);
      return { answer: { status: 200, json: list.map((x) => containerSummary(x, env.nowMs, bootSec)) } };
    }
    if (m === 'POST' && b === 'create') {
      const intent = createIntent(req.body);
      if (req.body.length === 0) return { answer: { status: 400, json: message('config cannot be empty in order to create a container') }, action: 'create', intent };
      const id = newObjectId();
      const name = (req.query.get('name') ?? '').slice(0, 64) || `${['eager', 'quirky', 'brave', 'jolly'][id.charCodeAt(0) % 4]}_${['hopper', 'turing', 'lovelace', 'curie'][id.charCodeAt(1) % 4]}`;
      remember(env.created, { id, name, image: String(intent.image ?? ''), imageId: `sha256:${newObjectId()}`, command: commandLine(intent), created: Math.floor(env.nowMs / 1000), running: false, ports: [] });
      return { answer: { status: 201, json: { Id: id, Warnings: [] } }, action: 'create', intent, containerId: id };
    }
    const target = findContainer(env, b);
    if (!target && b) return { answer: noSuch(b), action: m === 'GET' ? undefined : c || m.toLowerCase(), containerId: b.slice(0, 128) };
    if (!target) return { answer: notFound };
    if (m === 'GET' && c === 'json') return { answer: { status: 200, json: containerInspect(target, bootSec) } };
    if (m === 'DELETE' && !c) return { answer: { status: 204 }, action: 'remove', containerId: target.id };
    if (m === 'POST' && c === 'start') {
      target.running = true;
      return { answer: { status: 204 }, action: 'start', containerId: target.id };
    }
    if (m === 'POST' && (c === 'stop' || c === 'kill' || c === 'restart' || c === 'pause' || c === 'unpause')) return { answer: { status: 204 }, action: c, containerId: target.id };
    if (m === 'POST' && c === 'wait') return { answer: { status: 200, json: { Error: null, StatusCode: 0 } }, action: 'wait', containerId: target.id };
    if (m === 'POST' && c === 'attach') return { answer: hijack(req, 'raw'), action: 'attach', containerId: target.id };
    if (m === 'POST' && c === 'resize') return { answer: { status: 200 } };
    if (m === 'POST' && c === 'exec') {
      const id = newObjectId();
      return { answer: { status: 201, json: { Id: id } }, action: 'exec', intent: execIntent(req.body), containerId: target.id };
    }
    return { answer: notFound };
  }
  if (a === 'exec' && b) {
    if (m === 'POST' && c === 'start') {
      const intent = execStartIntent(req.body);
      return { answer: intent.detach === 1 ? { status: 200 } : hijack(req, 'multiplexed'), action: 'exec_start', intent, containerId: b.slice(0, 128) };
    }
    if (m === 'POST' && c === 'resize') return { answer: { status: 200 } };
    if (m === 'GET' && c === 'json') return { answer: { status: 200, json: { CanRemove: false, ContainerID: '', DetachKeys: '', ExitCode: 0, ID: b.slice(0, 64), OpenStderr: true, OpenStdin: false, OpenStdout: true, ProcessConfig: { arguments: [], entrypoint: 'sh', privileged: false, tty: false }, Running: false, Pid: 0 } } };
  }
  return { answer: notFound };
}
