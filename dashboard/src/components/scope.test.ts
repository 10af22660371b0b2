import { describe, expect, it } from 'vitest';
import { scopeOf, withScope } from './scope';

const HOST = '0f8b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

describe('site/host scope in the query string', () => {
  it('keeps only valid values', () => {
    expect(scopeOf(`?site=North%20DC&host=${HOST}&q=x`)).toEqual({ site: 'North DC', host: HOST });
    expect(scopeOf('?site=%3Cscript%3E&host=nope')).toEqual({});
  });
  it('replaces the scope, keeps other parameters and resets the page', () => {
    expect(withScope('?q=root&offset=50&site=a', { site: 'b' })).toBe('?q=root&site=b');
    expect(withScope('?site=a&host=' + HOST, {})).toBe('');
    expect(withScope('', { host: HOST })).toBe(`?host=${HOST}`);
  });
});
