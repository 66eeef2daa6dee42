/**
 * Coalesces calls for the end of the current task: `apply` runs once, in a task of its own,
 * with every key given meanwhile (each once, in order). For view updates fired from inside a
 * browser event whose work goes on after it: a track event fires while a remote description is
 * being applied, and React renders a store change before the description's promise resolves,
 * so an update made in the event would hold back the answer (or the connection's next step).
 */
export function afterTask<K>(apply: (keys: K[]) => void): (key: K) => void {
  const pending = new Set<K>();
  return (key) => {
    if (pending.size === 0)
      setTimeout(() => {
        const keys = [...pending];
        pending.clear();
        apply(keys);
      }, 0);
    pending.add(key);
  };
}

/**
 * Runs `work` once the page is idle (or after `timeoutMs` at the latest; a timer where the
 * browser has no idle callbacks). Returns the cancel.
 */
export function whenIdle(work: () => void, timeoutMs: number): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(work, Math.min(200, timeoutMs));
  return () => clearTimeout(id);
}
