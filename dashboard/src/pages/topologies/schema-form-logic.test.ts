// Service config forms from the JSON Schemas hosts report (fixtures: what the agent sends for ssh,
// http and ftp, copied from `configJsonSchema`).
import { describe, expect, it } from 'vitest';
import { cleanConfig, configProblems, fieldProblem, fieldsOf, isTruthy } from './schema-form-logic';

const SSH = {
  type: 'object',
  properties: {
    password: { type: 'string', maxLength: 256 },
    hostname: { type: 'string', maxLength: 63 },
    auth_failure_delay_ms: { default: 2000, type: 'integer', minimum: 0, maximum: 10000 },
  },
};
const HTTP = {
  type: 'object',
  properties: {
    server_header: { type: 'string', minLength: 1, maxLength: 200, pattern: '^[\\x20-\\x7e]+$' },
    fake_app: { type: 'string', enum: ['wordpress', 'phpmyadmin', 'tomcat', 'jenkins'] },
    extra_headers: { anyOf: [{ type: 'object', additionalProperties: { type: 'string' } }, { type: 'string' }] },
    custom_body: { type: 'string', maxLength: 262144 },
  },
};
const FTP = {
  type: 'object',
  properties: {
    anonymous: { anyOf: [{ type: 'boolean' }, { type: 'string', enum: ['0', '1', 'true', 'false', 'yes', 'no'] }] },
    login: { default: 'persona', type: 'string', enum: ['persona', 'configured'] },
    'bad key!': { type: 'string' },
    weird: { type: 'object' },
  },
};

describe('fieldsOf', () => {
  it('turns string, integer, enum, boolean and free-text properties into typed fields', () => {
    expect(fieldsOf(SSH)).toEqual([
      { key: 'password', kind: 'string', maxLength: 256 },
      { key: 'hostname', kind: 'string', maxLength: 63 },
      { key: 'auth_failure_delay_ms', kind: 'integer', min: 0, max: 10000, defaultText: '2000' },
    ]);
    const http = fieldsOf(HTTP);
    expect(http.map((f) => [f.key, f.kind])).toEqual([
      ['server_header', 'string'],
      ['fake_app', 'enum'],
      ['extra_headers', 'text'],
      ['custom_body', 'text'],
    ]);
    expect(http[1]!.options).toEqual(['wordpress', 'phpmyadmin', 'tomcat', 'jenkins']);
    const ftp = fieldsOf(FTP);
    expect(ftp.map((f) => [f.key, f.kind, f.defaultText])).toEqual([
      ['anonymous', 'boolean', undefined],
      ['login', 'enum', 'persona'],
    ]);
  });
  it('ignores what is not an object schema', () => {
    expect(fieldsOf(undefined)).toEqual([]);
    expect(fieldsOf({ type: 'string' })).toEqual([]);
    expect(fieldsOf('{"properties":{}}')).toEqual([]);
  });
});

describe('fieldProblem', () => {
  const [pw, , delay] = fieldsOf(SSH);
  const [header, app] = fieldsOf(HTTP);
  const [anon] = fieldsOf(FTP);
  it('checks numbers, bounds, lengths, patterns, options and booleans', () => {
    expect(fieldProblem(delay!, '')).toBeNull();
    expect(fieldProblem(delay!, '150')).toBeNull();
    expect(fieldProblem(delay!, '1.5')).toBe('a whole number');
    expect(fieldProblem(delay!, '10001')).toBe('at most 10000');
    expect(fieldProblem(delay!, '-1')).toBe('at least 0');
    expect(fieldProblem(pw!, 'x'.repeat(257))).toBe('at most 256 characters');
    expect(fieldProblem(header!, 'nginx/1.24')).toBeNull();
    expect(fieldProblem(header!, 'bad\u0001value')).toBe('not in the expected format');
    expect(fieldProblem(app!, 'tomcat')).toBeNull();
    expect(fieldProblem(app!, 'drupal')).toMatch(/^one of wordpress/);
    expect(fieldProblem(anon!, 'true')).toBeNull();
    expect(fieldProblem(anon!, 'yes')).toBeNull();
    expect(fieldProblem(anon!, 'maybe')).toBe('true or false');
    expect(isTruthy('Yes')).toBe(true);
    expect(isTruthy('0')).toBe(false);
  });
  it('lists a service config problems by key and drops empty values', () => {
    expect(configProblems(fieldsOf(SSH), { auth_failure_delay_ms: 'soon', hostname: 'db-01' })).toEqual(['auth_failure_delay_ms: a whole number']);
    expect(cleanConfig({ a: '', b: 'x', custom: 'kept' })).toEqual({ b: 'x', custom: 'kept' });
  });
});
