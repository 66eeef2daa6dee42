/**
 * Child process: figure 5's 50 people and 10 attackers (signal/hostileAttack.ts) against the
 * server at the URL in argv, so that their client-side work runs on neither the server's event
 * loop nor the watcher's. Connects everyone and says `ready`; on `attack`, attacks while the
 * people talk and says `done` with the count of messages sent.
 */
import { attack, prepareAttack, targetAt } from '../../signal/hostileAttack.ts';
import type { PreparedAttack } from '../../signal/hostileAttack.ts';
import { settle } from '../../signal/testing.ts';
import type { AttackCommand, AttackMessage } from './messages.ts';

const [url] = process.argv.slice(2);
const send = (m: AttackMessage) => process.send?.(m);
const fail = (err: unknown) =>
  send({ type: 'error', message: err instanceof Error ? err.message : String(err) });

if (!url) throw new Error('usage: attackProcess.ts <server url>');
const target = targetAt(url);
let prepared: PreparedAttack | null = null;

async function run(ready: PreparedAttack): Promise<void> {
  const { sent, talkFailures } = await attack(ready);
  // Everything the server sent the people has arrived: the attack's load is over.
  for (const person of ready.people) await settle(person.socket);
  send({ type: 'done', sent, talkFailures });
}

process.on('message', (cmd: AttackCommand) => {
  if (cmd.type === 'stop') process.exit(0);
  if (!prepared) return fail('attack before ready');
  void run(prepared).catch(fail);
});
process.on('disconnect', () => process.exit(0));
process.on('SIGTERM', () => process.exit(0));

prepareAttack(target).then((ready) => {
  prepared = ready;
  send({ type: 'ready' });
}, fail);
