// startSession(): drive one template session over an in-memory stream pair, the way unit tests
// should (no sockets), and get back the client end plus the recorded context.
import type { Persona } from '../persona/types';
import type { SessionHandle, SessionLimits, Template, TemplateContext } from '../template';
import { fakeContext, TEST_LIMITS, type FakeContext } from './fake-context';
import { duplexPair, TestPeer } from './stream-pair';

export interface StartOptions {
  config?: Record<string, unknown>;
  persona?: Persona;
  limits?: Partial<SessionLimits>;
  /** Extra context members (capabilities such as openDataListener). */
  extend?: Record<string, unknown>;
  dst?: TemplateContext['dst'];
}

export interface StartedSession<C> {
  peer: TestPeer;
  ctx: FakeContext<C>;
  handle: SessionHandle | void;
}

export function startSession<C>(template: Template<C>, options: StartOptions = {}): StartedSession<C> {
  const [server, client] = duplexPair();
  const ctx = Object.assign(
    fakeContext<C>({
      service: template.name,
      config: template.configSchema.parse(options.config ?? {}),
      limits: { ...TEST_LIMITS, ...options.limits },
      dst: options.dst ?? { ip: '192.168.10.20', port: template.defaultPorts[0] ?? 0 },
      ...(options.persona ? { persona: options.persona } : {}),
    }),
    options.extend ?? {},
  );
  const peer = new TestPeer(client);
  const handle = template.createSession(server, ctx);
  return { peer, ctx, handle };
}
