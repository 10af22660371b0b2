// Test-only helpers for templates: fake context, example persona, in-memory stream pairs, a tiny
// runner stand-in for real clients, and CLI wrappers. Never imported by production code.
export { examplePersona, type ExamplePersonaOptions } from './persona';
export { fakeContext, TEST_LIMITS, type FakeContext, type RecordedEvent, type RecordedCapture } from './fake-context';
export { duplexPair, TestPeer } from './stream-pair';
export { serveTemplate, type Served, type ServeOptions } from './serve';
export { hasBinary, runCli, nmapServiceLine, type CliResult } from './cli';
export { selfSignedCert } from './tls-cert';
export { startSession, type StartOptions, type StartedSession } from './session';
