import type { StateCreator } from 'zustand';
import type { AppState, ChatSlice } from './types.ts';

/** Older messages are dropped: a long call must not grow memory without bound. */
const MAX_MESSAGES = 200;

export const createChatSlice: StateCreator<AppState, [], [], ChatSlice> = (set) => ({
  messages: [],
  chatOpen: false,
  unread: 0,
  addMessage: (message) =>
    set((s) => {
      if (s.messages.some((m) => m.id === message.id && m.from === message.from)) return s;
      return {
        messages: [...s.messages, message].slice(-MAX_MESSAGES),
        unread: s.chatOpen || message.from === null ? s.unread : s.unread + 1,
      };
    }),
  setChatOpen: (chatOpen) => set((s) => ({ chatOpen, unread: chatOpen ? 0 : s.unread })),
  clearChat: () => set({ messages: [], unread: 0, chatOpen: false }),
});
