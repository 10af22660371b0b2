// Route matching.
import { describe, expect, it } from 'vitest';
import { matchPath, pickRoute, sectionOf } from './match';

describe('matchPath', () => {
  it('matches static and parameter segments', () => {
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/attackers', '/attackers/')).toEqual({});
    expect(matchPath('/attackers/:id', '/attackers/ab%2Fc')).toEqual({ id: 'ab/c' });
    expect(matchPath('/attackers/:id', '/attackers')).toBeNull();
    expect(matchPath('/fleet', '/hosts')).toBeNull();
  });
  it('rejects malformed escapes', () => {
    expect(matchPath('/attackers/:id', '/attackers/%E0%A4%A')).toBeNull();
  });
  it('picks the first matching route and names the nav section', () => {
    const routes = [{ path: '/attackers' }, { path: '/attackers/:id' }];
    expect(pickRoute(routes, '/attackers/x')).toEqual({ route: routes[1], params: { id: 'x' } });
    expect(pickRoute(routes, '/nope')).toBeNull();
    expect(sectionOf('/attackers/x')).toBe('/attackers');
    expect(sectionOf('/')).toBe('/');
  });
});
