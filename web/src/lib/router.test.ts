import { describe, expect, it } from 'vitest';
import { parseRoute, roomPath } from './router.ts';

describe('routes', () => {
  it('maps / to the lobby and /r/<room> to that room', () => {
    expect(parseRoute('/')).toEqual({ view: 'lobby' });
    expect(parseRoute('/r/standup')).toEqual({ view: 'room', room: 'standup' });
    expect(parseRoute('/r/standup/')).toEqual({ view: 'room', room: 'standup' });
  });

  it('round-trips room names that need encoding', () => {
    for (const room of ['회의실', 'Design Review', 'a.b_c-d']) {
      expect(parseRoute(roomPath(room))).toEqual({ view: 'room', room });
    }
  });

  it('treats anything else, including broken encodings, as not found', () => {
    expect(parseRoute('/r/')).toEqual({ view: 'not-found' });
    expect(parseRoute('/r/a/b')).toEqual({ view: 'not-found' });
    expect(parseRoute('/r/%E0%A4%A')).toEqual({ view: 'not-found' });
    expect(parseRoute('/elsewhere')).toEqual({ view: 'not-found' });
  });
});
