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

  it('leaves SFU settings out by default', () => {
    expect(readConfig({})).toMatchObject({ SFU_URL: [], MESH_MAX: 4, MAX_PEERS: 4 });
  });

  it('reads an SFU: URLs, secrets, MESH_MAX and larger rooms', () => {
    const config = readConfig({
      SFU_URL: 'ws://janus-a:8188, wss://janus-b.example/janus',
      SFU_SECRET: 's3cret',
      SFU_ADMIN_KEY: 'k3y',
      MESH_MAX: '0',
      MAX_PEERS: '50',
    });
    expect(config).toMatchObject({
      SFU_URL: ['ws://janus-a:8188', 'wss://janus-b.example/janus'],
      SFU_SECRET: 's3cret',
      SFU_ADMIN_KEY: 'k3y',
      MESH_MAX: 0,
      MAX_PEERS: 50,
    });
  });

  it('takes an SFU with REDIS_URL: several nodes share SFU rooms', () => {
    expect(
      readConfig({ SFU_URL: 'ws://j:8188', REDIS_URL: 'redis://r:6379', MAX_PEERS: '12' }),
    ).toMatchObject({ SFU_URL: ['ws://j:8188'], REDIS_URL: 'redis://r:6379', MAX_PEERS: 12 });
  });

  it.each([
    [{ MAX_PEERS: '9' }, 'MAX_PEERS', /needs SFU_URL/],
    [{ SFU_URL: 'ws://j:8188', MAX_PEERS: '51' }, 'MAX_PEERS', /50/],
    [{ SFU_URL: 'http://j:8188' }, 'SFU_URL', /ws: or wss:/],
    [{ SFU_URL: 'ws://j:8188', MESH_MAX: '-1' }, 'MESH_MAX', /0/],
    [{ SFU_URL: 'ws://j:8188', MESH_MAX: '9' }, 'MESH_MAX', /8/],
    [{ SFU_SECRET: 'secret' }, 'SFU_SECRET', /only with SFU_URL/],
    [{ SFU_ADMIN_KEY: 'key' }, 'SFU_ADMIN_KEY', /only with SFU_URL/],
  ])('refuses SFU settings %j, naming %s', (env, name, reason) => {
    expect(() => readConfig(env)).toThrow(ConfigError);
    expect(() => readConfig(env)).toThrow(name);
    expect(() => readConfig(env)).toThrow(reason);
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
