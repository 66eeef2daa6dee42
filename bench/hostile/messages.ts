/** What figure 5's attack process and the bench (which holds the watcher) say over IPC. */

/** From the attack process. */
export type AttackMessage =
  | { type: 'ready' }
  | { type: 'done'; sent: number; talkFailures: string[] }
  | { type: 'error'; message: string };

/** To the attack process. */
export type AttackCommand = { type: 'attack' } | { type: 'stop' };
