import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '../config.ts';
import { sfuOptions } from './sfuConfig.ts';

describe('several Janus instances in SFU_URL', () => {
  it('passes each as an instance, in order, with the one secret and admin key', () => {
    const config = readConfig({
      SFU_URL: 'ws://janus-a:8188,ws://janus-b:8188 wss://janus-c.example/janus',
      SFU_SECRET: 's3cret',
      SFU_ADMIN_KEY: 'k3y',
    });
    expect(sfuOptions(config).sfu).toEqual({
      urls: ['ws://janus-a:8188', 'ws://janus-b:8188', 'wss://janus-c.example/janus'],
      apiSecret: 's3cret',
      adminKey: 'k3y',
    });
  });

  it('refuses one listed twice, naming its position but not its address', () => {
    const read = () =>
      readConfig({ SFU_URL: 'ws://janus-a:8188, ws://janus-b:8188, ws://janus-a:8188' });
    expect(read).toThrow(ConfigError);
    expect(read).toThrow(/SFU_URL: lists one Janus twice \(URL #0\)/);
    expect(read).not.toThrow(/janus-a/);
  });
});
