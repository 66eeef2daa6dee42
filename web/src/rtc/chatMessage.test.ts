import { describe, expect, it } from 'vitest';
import { ChatLimits, cleanChatText, encodeChat, parseChat } from './chatMessage.ts';

describe('chat messages', () => {
  it('round-trips text, markup included, unchanged', () => {
    const text = '<img src=x onerror="alert(1)"> <b>hi</b> & 안녕';
    expect(parseChat(encodeChat({ id: 'm1', text }))).toEqual({ id: 'm1', text });
  });

  it('trims and refuses empty or overlong text', () => {
    expect(cleanChatText('  hi  ')).toBe('hi');
    expect(cleanChatText('   ')).toBeNull();
    expect(cleanChatText('x'.repeat(ChatLimits.maxTextLength + 1))).toBeNull();
  });

  it('drops malformed, unknown or oversized frames', () => {
    expect(parseChat('not json')).toBeNull();
    expect(parseChat(JSON.stringify({ v: 2, type: 'chat', id: 'a', text: 'x' }))).toBeNull();
    expect(parseChat(JSON.stringify({ v: 1, type: 'chat', id: 'a', text: 42 }))).toBeNull();
    expect(parseChat(JSON.stringify({ v: 1, type: 'chat', id: '', text: 'x' }))).toBeNull();
    expect(parseChat(JSON.stringify(null))).toBeNull();
    expect(parseChat(new ArrayBuffer(4))).toBeNull();
    expect(
      parseChat(encodeChat({ id: 'a', text: 'y' }) + ' '.repeat(ChatLimits.maxFrameBytes)),
    ).toBeNull();
  });
});
