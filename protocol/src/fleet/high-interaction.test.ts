import { describe, expect, it } from 'vitest';
import { highInteractionOf, isHighInteraction } from './high-interaction';

const spec = (serviceConfig: Record<string, Record<string, string>>, services = ['ssh', 'http']) => ({ services, serviceConfig });

describe('highInteractionOf', () => {
  it('is undefined without a mode key or with mode = emulated', () => {
    expect(highInteractionOf(spec({}))).toBeUndefined();
    expect(highInteractionOf(spec({ ssh: { mode: 'emulated', password: 'x' } }))).toBeUndefined();
  });

  it('parses the ssh keys with their defaults and coerces INI strings', () => {
    const p = highInteractionOf(spec({ ssh: { mode: 'high-interaction', password: 'toor', reset_interval_min: '30', pids: '64', decoy_users: 'oracle, git' } }));
    expect(p).toMatchObject({ service: 'ssh', services: ['ssh'], config: { password: 'toor', user: 'admin', reset_interval_min: 30, pids: 64, decoy_users: ['oracle', 'git'], egress: 'blocked', memory_mb: 256 } });
    expect(isHighInteraction(spec({ ssh: { mode: 'high-interaction' } }))).toBe(true);
  });

  it('puts ssh and telnet in one plan, configured by the first section', () => {
    const p = highInteractionOf(spec({ telnet: { mode: 'high-interaction', password: 'tel' }, ssh: { mode: 'high-interaction', password: 'sh', pids: '80' } }, ['telnet', 'http', 'ssh']));
    expect(p).toMatchObject({ service: 'telnet', services: ['telnet', 'ssh'], config: { password: 'tel', pids: 128 } });
    expect(highInteractionOf(spec({ telnet: { mode: 'high-interaction' } }, ['telnet']))).toMatchObject({ services: ['telnet'] });
    expect(String(highInteractionOf(spec({ ssh: { mode: 'high-interaction' }, telnet: { mode: 'high-interaction', pids: '1' } }, ['ssh', 'telnet'])))).toMatch(/\[telnet\] pids/);
  });

  it('refuses a bad mode, another service and a bad key', () => {
    expect(String(highInteractionOf(spec({ ssh: { mode: 'real' } })))).toMatch(/mode: expected one of emulated, high-interaction/);
    expect(String(highInteractionOf(spec({ http: { mode: 'high-interaction' } })))).toMatch(/only ssh, telnet can run high-interaction/);
    expect(String(highInteractionOf(spec({ ssh: { mode: 'high-interaction', user: 'Root;id' } })))).toMatch(/\[ssh\] user: a Unix login name/);
    expect(String(highInteractionOf(spec({ ssh: { mode: 'high-interaction', password: 'a\nroot::0' } })))).toMatch(/password/);
    expect(String(highInteractionOf(spec({ ssh: { mode: 'high-interaction', pids: '100000' } })))).toMatch(/pids/);
  });

  it('ignores the mode of a service the decky does not run', () => {
    expect(highInteractionOf(spec({ ssh: { mode: 'high-interaction' } }, ['http']))).toBeUndefined();
  });
});
