/**
 * The participants list order: raised hands first, in the order they went up (the server's
 * times, so everyone sees the same queue), then everyone else in the order given.
 */
export function raisedFirst<T extends { id: string; hand?: number | null | undefined }>(
  people: readonly T[],
): T[] {
  const raised = people
    .filter((p) => p.hand != null)
    .sort((a, b) => (a.hand ?? 0) - (b.hand ?? 0) || a.id.localeCompare(b.id));
  return [...raised, ...people.filter((p) => p.hand == null)];
}
