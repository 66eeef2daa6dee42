import { useState } from 'react';
import type { PeerId } from '../../../../signal/protocol.ts';
import { fillSlots } from './stageSlots.ts';

/**
 * The peers on the stage's first page, kept from one render to the next so
 * that tiles keep their places (see fillSlots). The places are adjusted while
 * rendering, as React recommends for state that follows props: fillSlots
 * returns its input once nothing is left to change, so this settles at once.
 */
export function useStageSlots(
  pool: readonly PeerId[],
  recent: readonly PeerId[],
  capacity: number,
  promote: boolean,
): readonly PeerId[] {
  const [slots, setSlots] = useState<readonly PeerId[]>([]);
  const next = fillSlots(slots, pool, recent, capacity, promote);
  if (next !== slots) setSlots(next);
  return next;
}
