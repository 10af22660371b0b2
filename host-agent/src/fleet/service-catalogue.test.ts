import { HostCatalogueSchema } from '@decnet/protocol';
import { describe, expect, it } from 'vitest';
import { hostCatalogue } from './service-catalogue';

describe('host catalogue', () => {
  it('offers every registered service with its ports and its config as JSON Schema', () => {
    const cat = HostCatalogueSchema.parse(hostCatalogue('local'));
    const mysql = cat.services.find((s) => s.slug === 'mysql');
    expect(mysql?.ports).toEqual([3306]);
    expect(mysql?.configSchema).toMatchObject({ type: 'object', properties: { version: { type: 'string', maxLength: 80 } } });
    expect(cat.services.every((s) => s.configSchema?.type === 'object')).toBe(true);
    // The heartbeat stays small enough for its body limit even with every schema in it.
    expect(JSON.stringify(cat).length).toBeLessThan(64 * 1024);
  });
});
