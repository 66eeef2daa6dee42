import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('configuration', () => {
  it('has safe defaults', () => {
    const config = readConfig({});
    expect(config).toMatchObject({
      ALLOWED_ORIGINS: [],
      TRUST_PROXY: false,
      HTTPS: 'off',
      MAX_SOCKETS_PER_IP: 50,
      JOINS_PER_IP_PER_MINUTE: 60,
    });
  });

  it('parses lists and flags', () => {
    const config = readConfig({
      ALLOWED_ORIGINS: 'https://a.example, https://b.example:8443',
      TRUST_PROXY: 'true',
    });
    expect(config.ALLOWED_ORIGINS).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(config.TRUST_PROXY).toBe(true);
  });

  it.each([
    ['ALLOWED_ORIGINS', 'https://a.example/path'],
    ['TRUST_PROXY', 'yes'],
    ['MAX_SOCKETS_PER_IP', '0'],
    ['MESSAGES_PER_SECOND', 'many'],
    ['HTTPS', 'on'],
    ['METRICS_TOKEN', 'short'],
    ['TLS_CERT', 'cert.pem'],
  ])('names the bad variable %s=%s', (name, value) => {
    expect(() => readConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => readConfig({ [name]: value })).toThrow(name);
  });
});
