// Docker Engine API persona against real clients: the docker CLI (version, ps, images, run -d with a
// host mount and --privileged), curl for the ping headers, version negotiation errors, exec and
// Authorization capture, and nmap -sV naming Docker with the persona's engine and API versions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasBinary, nmapServiceLine, runCli, serveTemplate, type Served } from '../_testing';
import { dockerApiTemplate, type DockerApiConfig } from './index';

const docker = (port: number, ...args: string[]): ReturnType<typeof runCli> => runCli('docker', ['-H', `tcp://127.0.0.1:${port}`, ...args], { timeoutMs: 20_000 });
const curl = async (port: number, path: string, extra: string[] = []): Promise<{ head: string; body: string }> => {
  const r = await runCli('curl', ['-s', '-i', '--max-time', '30', ...extra, `http://127.0.0.1:${port}${path}`]);
  const at = r.stdout.indexOf('\r\n\r\n');
  return { head: r.stdout.slice(0, at), body: r.stdout.slice(at + 4) };
};

describe.skipIf(!hasBinary('docker') || !hasBinary('curl'))('docker_api (docker CLI, curl)', () => {
  let s: Served<DockerApiConfig>;
  beforeAll(async () => {
    s = await serveTemplate(dockerApiTemplate, { config: { version: '24.0.7' } });
  });
  afterAll(() => s.close());

  it('answers /_ping with dockerd headers in Go order and refuses API versions past its range', async () => {
    const ping = await curl(s.port, '/_ping');
    const names = ping.head.split('\r\n').slice(1).map((l) => l.slice(0, l.indexOf(':')));
    expect(names).toEqual(['Api-Version', 'Builder-Version', 'Cache-Control', 'Content-Type', 'Docker-Experimental', 'Ostype', 'Pragma', 'Server', 'Date', 'Content-Length']);
    expect(ping.head).toContain('Api-Version: 1.43\r\n');
    expect(ping.head).toContain('Server: Docker/24.0.7 (linux)\r\n');
    expect(ping.body).toBe('OK');
    const tooNew = await curl(s.port, '/v1.99/version');
    expect(tooNew.head).toMatch(/^HTTP\/1\.1 400 Bad Request/);
    expect(tooNew.body).toBe('{"message":"client version 1.99 is too new. Maximum supported API version is 1.43"}\n');
    expect((await curl(s.port, '/nope')).body).toBe('{"message":"page not found"}\n');
  });

  it('shows the persona engine to `docker version`, `docker ps` and `docker images`', async () => {
    const v = await docker(s.port, 'version', '--format', '{{.Server.Version}} {{.Server.APIVersion}} {{.Server.KernelVersion}} {{.Server.Os}}');
    const persona = s.contexts[0]?.persona;
    expect(v.stdout.trim()).toBe(`24.0.7 1.43 ${persona?.shell.kernelRelease ?? ''} linux`);
    const ps = await docker(s.port, 'ps', '--format', '{{.Names}} {{.Image}}');
    const bait = persona?.services.docker_api.containers.filter((c) => c.running) ?? [];
    expect(ps.code).toBe(0);
    for (const c of bait) expect(ps.stdout).toContain(`${c.name} ${c.image}`);
    const images = await docker(s.port, 'images', '--format', '{{.Repository}}:{{.Tag}}');
    for (const i of persona?.services.docker_api.images ?? []) expect(images.stdout).toContain(i.repoTag);
    const info = await docker(s.port, 'info', '--format', '{{.OperatingSystem}}|{{.NCPU}}|{{.Name}}');
    expect(info.stdout.trim()).toBe(`${persona?.shell.osPrettyName ?? ''}|${persona?.shell.cpuCount ?? 0}|${persona?.hostname ?? ''}`);
  });

  it('captures `docker run -d --privileged -v /:/host` as intent with its full body and runs nothing', async () => {
    const run = await docker(s.port, 'run', '-d', '--privileged', '-v', '/:/host', 'alpine', 'chroot', '/host', 'sh', '-c', 'id > /tmp/pwned');
    expect(run.code).toBe(0);
    const id = run.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const create = s.events().find((e) => e.msgid === 'request' && e.fields.action === 'create');
    expect(create?.fields).toMatchObject({ method: 'POST', image: 'alpine', privileged: 1, binds: '["/:/host"]', cmd: '["chroot","/host","sh","-c","id > /tmp/pwned"]', status: 201 });
    expect(create?.fields.body_sha256).toMatch(/^[0-9a-f]{64}$/);
    const stored = s.contexts.flatMap((c) => c.captures).find((c) => c.name === 'docker-create-body');
    expect(JSON.parse(Buffer.from(stored?.data ?? []).toString()) as object).toMatchObject({ Image: 'alpine', HostConfig: { Privileged: true, Binds: ['/:/host'] } });
    expect(s.events().some((e) => e.fields.action === 'start' && e.fields.container_id === id)).toBe(true);
    const ps = await docker(s.port, 'ps', '--no-trunc', '--format', '{{.ID}} {{.Command}}');
    expect(ps.stdout).toContain(`${id} "chroot /host sh -c id > /tmp/pwned"`);
  });

  it('captures an exec and its start, and Authorization as a credential', async () => {
    const list = JSON.parse((await curl(s.port, '/v1.43/containers/json')).body) as Array<{ Id: string }>;
    const target = list[0]?.Id ?? '';
    const exec = await curl(s.port, `/v1.43/containers/${target}/exec`, ['-X', 'POST', '-H', 'Content-Type: application/json', '-H', 'Authorization: Bearer dckr_pat_x1y2z3', '--data', '{"Cmd":["cat","/etc/shadow"],"User":"root","AttachStdout":true}']);
    expect(exec.head).toMatch(/^HTTP\/1\.1 201 Created/);
    const execId = (JSON.parse(exec.body) as { Id: string }).Id;
    const start = await curl(s.port, `/v1.43/exec/${execId}/start`, ['-X', 'POST', '-H', 'Content-Type: application/json', '--data', '{"Detach":true,"Tty":false}']);
    expect(start.head).toMatch(/^HTTP\/1\.1 200 OK/);
    const ev = s.events().filter((e) => e.msgid === 'request');
    expect(ev.find((e) => e.fields.action === 'exec')?.fields).toMatchObject({ cmd: '["cat","/etc/shadow"]', user: 'root', container_id: target });
    expect(ev.find((e) => e.fields.action === 'exec_start')?.fields).toMatchObject({ detach: 1, container_id: execId });
    expect(s.events().find((e) => e.msgid === 'auth_attempt')?.fields).toMatchObject({ secret_kind: 'http_bearer', secret_printable: 'dckr_pat_x1y2z3' });
    const missing = await curl(s.port, '/containers/deadbeef/start', ['-X', 'POST']);
    expect(missing.body).toBe('{"message":"No such container: deadbeef"}\n');
  });

  it('is named Docker with the engine and API version by nmap -sV', async () => {
    if (!hasBinary('nmap')) return;
    const line = await nmapServiceLine(s.port);
    expect(line).toMatch(/Docker.*24\.0\.7.*API 1\.43/);
  }, 90_000);
});
