import { useEffect, useState } from 'react';
import { useAppStore } from '../../store/index.ts';
import type { RemotePeer } from '../../store/index.ts';
import { NO_HISTORY, nextSpokeAt, noteSpeakers } from './speakerHistory.ts';
import type { SpeakerHistory } from './speakerHistory.ts';

const speakingIn = (peers: Record<string, RemotePeer>) =>
  Object.values(peers).flatMap((peer) => (peer.speaking ? [peer.id] : []));

/**
 * Who spoke last in the call, kept up to date from the peers' speaking
 * indicators. Looked at when an indicator changes, and again when someone
 * speaking will have spoken long enough to count (nothing changes then).
 */
export function useSpeakerHistory(): SpeakerHistory {
  const [history, setHistory] = useState(NO_HISTORY);
  useEffect(() => {
    let current = NO_HISTORY;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const look = () => {
      clearTimeout(timer);
      const { peers } = useAppStore.getState();
      const now = Date.now();
      current = noteSpeakers(current, speakingIn(peers), Object.keys(peers), now);
      setHistory(current);
      const next = nextSpokeAt(current, now);
      if (next !== null) timer = setTimeout(look, next - now);
    };
    const unsubscribe = useAppStore.subscribe((state, previous) => {
      if (state.peers !== previous.peers) look();
    });
    // Someone may be speaking already; the first look waits for the stage to be drawn.
    timer = setTimeout(look, 0);
    return () => {
      unsubscribe();
      clearTimeout(timer);
    };
  }, []);
  return history;
}
