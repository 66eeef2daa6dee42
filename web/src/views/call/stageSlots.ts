import type { PeerId } from '../../../../signal/protocol.ts';

/**
 * The peers whose camera tiles fill the first page of the stage, in tile
 * order, given the previous ones. `pool` is everyone who can be there, in
 * join order; `recent` who spoke last, the most recent first (see
 * speakerHistory.ts); `capacity` how many tiles the page holds.
 *
 * Tiles do not jump around: a peer on the page keeps their place for as long
 * as they stay. A place freed by someone leaving goes to the best of those
 * off the page (the most recent speaker, else the first to have joined); a
 * page that grows takes the best at its end; a page that shrinks lets its
 * least recently active go. With `promote`, someone off the page who spoke
 * more recently than someone on it takes that person's place (the least
 * recently active's first); without it (while another page is looked at) the
 * page holds still. A peer who has never spoken never displaces anyone.
 *
 * Returns `previous` itself when nothing changed.
 */
export function fillSlots(
  previous: readonly PeerId[],
  pool: readonly PeerId[],
  recent: readonly PeerId[],
  capacity: number,
  promote: boolean,
): readonly PeerId[] {
  const here = new Set(pool);
  const rank = new Map<PeerId, number>();
  for (const id of recent) if (here.has(id) && !rank.has(id)) rank.set(id, rank.size);
  const spoken = rank.size;
  pool.forEach((id, joined) => {
    if (!rank.has(id)) rank.set(id, spoken + joined);
  });
  const rankOf = (id: PeerId) => rank.get(id) ?? Infinity;
  const best = (a: PeerId, b: PeerId) => rankOf(a) - rankOf(b);
  const size = Math.max(0, Math.min(Math.floor(capacity), pool.length));

  // Places in page order; null where someone left or was let go.
  const places: (PeerId | null)[] = previous.map((id) => (here.has(id) ? id : null));
  const onPage = () => places.filter((id): id is PeerId => id !== null);
  const worstPlace = () => {
    let worst = -1;
    places.forEach((id, i) => {
      const current = places[worst];
      if (id !== null && (current == null || rankOf(id) > rankOf(current))) worst = i;
    });
    return worst;
  };

  let count = onPage().length;
  for (; count > size; count--) places[worstPlace()] = null;

  const taken = new Set(onPage());
  const waiting = pool.filter((id) => !taken.has(id)).sort(best);
  for (let i = 0; i < places.length && count < size; i++) {
    if (places[i] !== null) continue;
    places[i] = waiting.shift() ?? null;
    count++;
  }
  while (count < size) {
    const next = waiting.shift();
    if (next === undefined) break;
    places.push(next);
    count++;
  }

  while (promote && waiting.length > 0) {
    const candidate = waiting[0];
    const at = worstPlace();
    const worst = places[at];
    if (candidate === undefined || worst == null) break;
    if (rankOf(candidate) >= spoken || rankOf(candidate) >= rankOf(worst)) break;
    places[at] = candidate;
    waiting.shift();
    waiting.push(worst);
    waiting.sort(best);
  }

  const next = onPage();
  const same = next.length === previous.length && next.every((id, i) => id === previous[i]);
  return same ? previous : next;
}
