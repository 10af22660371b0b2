// Guards the package rule: runtime-neutral code (Node, browsers, Workers), no I/O, no imports
// from other workspaces, a purpose header on every file.
/// <reference types="vite/client" />
import { describe, expect, it } from 'vitest';

const sources = import.meta.glob(['./**/*.ts', '!./**/*.test.ts'], { query: '?raw', import: 'default', eager: true }) as Record<string, string>;

describe('protocol package sources', () => {
  const entries = Object.entries(sources);

  it('were found', () => {
    expect(entries.length).toBeGreaterThan(20);
  });

  it.each(entries)('%s uses only Web APIs and relative or zod imports', (_path, text) => {
    expect(text).not.toMatch(/from\s+['"]node:|require\(|\bprocess\.|\bBuffer\b|\bfetch\(|\bsetTimeout\(|\bsetInterval\(/);
    for (const m of text.matchAll(/from\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? '';
      expect(spec.startsWith('.') || spec === 'zod', `${_path} imports ${spec}`).toBe(true);
      expect(spec, 'extensionless imports').not.toMatch(/\.(ts|js)$/);
    }
  });

  it.each(entries)('%s starts with a purpose comment and stays under 300 lines', (_path, text) => {
    expect(text.startsWith('//')).toBe(true);
    expect(text.split('\n').length).toBeLessThanOrEqual(300);
  });
});
