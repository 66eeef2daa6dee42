/**
 * The call chunk: what a call needs beyond pre-join (the call view, the call's core with the
 * signaling client and Socket.IO, the mesh and SFU media paths). Loaded by lib/callChunk.ts.
 */
export { CallCore } from './rtc/CallCore.ts';
export { CallView } from './views/CallView.tsx';
