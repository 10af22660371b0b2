// High-interaction deckies in the docker plan: the runner leaves ssh to the real OpenSSH container
// (and idles when nothing is left), the container's limits come from the decky's config, and only
// well-formed ssh events naming the decky pass from it.
import { describe, expect, it } from 'vitest';
import { formatRfc5424, highInteractionOf, type DeckySpec, type HighInteractionPlan } from '@decnet/protocol';
import { servicesContainerSpec } from './container-specs';
import { planDecky, type DeckyPlan } from './decky-plan';
import { hiContainerSpec } from './hi-container';
import { checkHiLine } from './hi-reset';
import { resolveOptions } from './options';

const opts = resolveOptions({ network: { name: 'n', parent: 'eth9', subnet: '10.9.0.0/24' }, image: 'img', dataDir: '/data' });
const images = { image: 'sha256:a', baseImage: 'sha256:a' };
const hi = (services: string[]): DeckySpec => ({ name: 'hi-1', services, serviceConfig: { ssh: { mode: 'high-interaction', pids: '96', memory_mb: '200', cpus: '0.25' } } });

describe('high-interaction in the docker plan', () => {
  it('takes ssh away from the runner; an ssh-only decky has an idle services container', () => {
    const mixed = planDecky(hi(['ssh', 'http']), '10.9.0.7', opts, images) as DeckyPlan;
    expect(mixed.runnerArgs[mixed.runnerArgs.indexOf('--services') + 1]).toBe('http');
    const only = planDecky(hi(['ssh']), '10.9.0.7', opts, images) as DeckyPlan;
    expect(only.runnerArgs).toEqual([]);
    expect(servicesContainerSpec(opts, only, only.svcHash, 'BASE')).toMatchObject({ Entrypoint: ['sleep', 'infinity'], Cmd: [] });
    const emulated = planDecky({ ...hi(['ssh']), serviceConfig: {} }, '10.9.0.7', opts, images) as DeckyPlan;
    expect(emulated.runnerArgs).toContain('ssh');
    const both = planDecky({ ...hi(['telnet', 'ssh', 'http']), serviceConfig: { ssh: { mode: 'high-interaction' }, telnet: { mode: 'high-interaction' } } }, '10.9.0.7', opts, images) as DeckyPlan;
    expect(both.runnerArgs[both.runnerArgs.indexOf('--services') + 1]).toBe('http');
  });

  it('gives the container the configured limits, no raw sockets or netfilter, and the artifacts mount', () => {
    const p = highInteractionOf(hi(['ssh'])) as HighInteractionPlan;
    const spec = hiContainerSpec(opts, 'hi-1', p, 'BASEID', 'h');
    expect(spec).toMatchObject({ name: 'decnet-hi-1.hi', Image: 'decnet/high-interaction:bookworm', Labels: { 'decnet.role': 'hi', 'decnet.service': 'ssh' } });
    expect(spec.HostConfig).toMatchObject({ NetworkMode: 'container:BASEID', PidsLimit: 96, Memory: 200 * 1048576, MemorySwap: 200 * 1048576, NanoCpus: 250_000_000, Init: false, CapDrop: ['ALL'] });
    expect(spec.HostConfig).toMatchObject({ CgroupnsMode: 'private' });
    expect(spec.HostConfig?.CapAdd).not.toContain('NET_RAW');
    expect(spec.HostConfig?.CapAdd).not.toContain('NET_ADMIN');
    expect(spec.HostConfig?.Binds).toEqual(['/data/artifacts/hi-1/hi:/var/lib/systemd/coredump:rw', '/data/hi-disk/hi-1/root:/root:rw', '/data/hi-disk/hi-1/home:/home:rw', '/data/hi-disk/hi-1/opt:/opt:rw', '/data/hi-disk/hi-1/srv:/srv:rw']);
    expect(Object.keys(spec.HostConfig?.Tmpfs ?? {})).toEqual(['/tmp', '/var/tmp', '/dev/shm', '/run']);
  });

  it('labels a shared ssh + telnet container with both services', () => {
    const p = highInteractionOf({ ...hi(['ssh', 'telnet']), serviceConfig: { ssh: { mode: 'high-interaction' }, telnet: { mode: 'high-interaction' } } }) as HighInteractionPlan;
    expect(hiContainerSpec(opts, 'hi-1', p, 'BASEID', 'h').Labels).toMatchObject({ 'decnet.service': 'ssh,telnet' });
  });

  it('passes only catalogued ssh/telnet events of its own decky', () => {
    const line = (hostname: string, appName: string, msgid: string) => formatRfc5424({ hostname, appName, msgid, timestamp: new Date(0), params: { cmd: 'id' } });
    expect(checkHiLine(line('hi-1', 'ssh', 'command'), 'hi-1', 'ssh')).toBeDefined();
    expect(checkHiLine(line('other', 'ssh', 'command'), 'hi-1', 'ssh')).toBeUndefined();
    expect(checkHiLine(line('hi-1', 'http', 'request'), 'hi-1', 'ssh')).toBeUndefined();
    expect(checkHiLine(line('hi-1', 'ssh', 'canary_hit'), 'hi-1', 'ssh')).toBeUndefined();
    expect(checkHiLine('free text from root in the container', 'hi-1', 'ssh')).toBeUndefined();
    expect(checkHiLine(line('hi-1', 'telnet', 'auth_attempt'), 'hi-1', 'ssh,telnet')).toBeDefined();
    expect(checkHiLine(line('hi-1', 'telnet', 'auth_attempt'), 'hi-1', 'ssh')).toBeUndefined();
    expect(checkHiLine(line('hi-1', 'ssh,telnet', 'command'), 'hi-1', 'ssh,telnet')).toBeUndefined();
  });
});
