import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ConfigError, readConfig } from './config.ts';
import { connectRedis, RedisConnectError } from './redisScaleOut.ts';
import { startRedisServer } from './redisTesting.ts';

const log = pino({ level: 'silent' });

describe('REDIS_URL', () => {
  it('accepts redis:// and rediss:// URLs and refuses others, naming the variable', () => {
    expect(readConfig({ REDIS_URL: 'redis://127.0.0.1:6379' }).REDIS_URL).toBe(
      'redis://127.0.0.1:6379',
    );
    expect(readConfig({ REDIS_URL: 'rediss://user:pw@cache.internal:6380/2' }).REDIS_URL).toMatch(
      /^rediss:/,
    );
    expect(readConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
    expect(() => readConfig({ REDIS_URL: 'http://127.0.0.1:6379' })).toThrow(ConfigError);
    expect(() => readConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });
});

describe('connectRedis', () => {
  it('is ready while Redis answers, and not once it is gone', async () => {
    const redis = await startRedisServer();
    const scaleOut = await connectRedis(redis.url, log);
    try {
      expect(await scaleOut.ready()).toBe(true);
      await redis.stop();
      await expect.poll(() => scaleOut.ready(), { timeout: 5000 }).toBe(false);
    } finally {
      await scaleOut.close();
      await redis.stop();
    }
  });

  it('fails the start with an error naming REDIS_URL when nothing listens there', async () => {
    const redis = await startRedisServer();
    await redis.stop(); // a port that was free a moment ago, now closed
    const attempt = connectRedis(redis.url, log, { connectTimeoutMs: 1000 });
    await expect(attempt).rejects.toThrow(RedisConnectError);
    await expect(attempt).rejects.toThrow(/REDIS_URL/);
  });
});
