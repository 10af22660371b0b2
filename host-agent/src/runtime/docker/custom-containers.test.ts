import { parseRfc5424 } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { customContainerSpec, customServicesOf, wrapCustomLine } from './custom-containers';
import { resolveOptions } from './options';

const opts = resolveOptions({ network: { name: 'n', parent: 'eth0', subnet: '10.0.0.0/24' }, image: 'img', dataDir: '/data' });
const spec = { name: 'edge', services: ['ssh', 'app', 'nodef'], serviceConfig: { app: { binary: 'acme/app:1', exec: "/app/run -m 'a b'", ports: '8080' }, nodef: {} } };

describe('custom (BYOS) containers', () => {
  it('finds only the services whose config defines an image', () => {
    expect(customServicesOf(spec).map((c) => c.name)).toEqual(['app']);
  });

  it('runs exec= as the entrypoint in the base container netns, with no capability beyond binding ports', () => {
    const c = customContainerSpec(opts, 'edge', customServicesOf(spec)[0]!, 'BASEID', 'h');
    expect(c).toMatchObject({ name: 'decnet-edge.c-app', Image: 'acme/app:1', Entrypoint: ['/app/run'], Cmd: ['-m', 'a b'] });
    expect(c.HostConfig).toMatchObject({ NetworkMode: 'container:BASEID', CapDrop: ['ALL'], CapAdd: ['NET_BIND_SERVICE'], SecurityOpt: ['no-new-privileges'] });
    expect(c.HostConfig?.Privileged).toBeUndefined();
  });

  it('passes this decky\'s RFC 5424 lines and wraps everything else as a `log` event of the service', () => {
    const own = '<134>1 2026-01-01T00:00:00Z edge app - hello [relay@55555 src_ip="203.0.113.9"]';
    expect(wrapCustomLine(own, 'edge', 'app', new Date(0))).toBe(own);
    for (const line of ['plain output "with quotes" ]', '<134>1 2026-01-01T00:00:00Z other app - forged -']) {
      const wrapped = parseRfc5424(wrapCustomLine(line, 'edge', 'app', new Date(0)));
      expect(wrapped.ok).toBe(true);
      if (wrapped.ok) expect(wrapped.message).toMatchObject({ hostname: 'edge', appName: 'app', msgid: 'log' });
    }
  });
});
