/**
 * Cuts UDP (ICE and media) on the link to a namespace both ways, while TCP (the Janus API, and
 * so the signaling server's hold on the room) goes on: each end's egress sends UDP to a class
 * of 8 bit/s. This kernel has no netem, blackhole or tc actions; htb and u32 it has.
 */
import { execFileSync } from 'node:child_process';
import type { HostLink } from '../../signal/namespaces.ts';

const run = (args: string[]) => execFileSync(args[0] ?? 'true', args.slice(1), { stdio: 'pipe' });

function tcCommands(dev: string): string[][] {
  const tc = (line: string) => ['tc', ...line.split(' ')];
  return [
    tc(`qdisc add dev ${dev} root handle 1: htb default 10`),
    tc(`class add dev ${dev} parent 1: classid 1:10 htb rate 1gbit`),
    tc(`class add dev ${dev} parent 1: classid 1:20 htb rate 8bit ceil 8bit`),
    tc(`qdisc add dev ${dev} parent 1:20 tbf rate 8bit burst 1 limit 1`),
    tc(`filter add dev ${dev} parent 1: protocol ip u32 match ip protocol 17 0xff flowid 1:20`),
  ];
}

/** Cuts UDP on the link; returns what restores it. */
export function cutUdp(link: HostLink): () => void {
  for (const command of tcCommands(link.hostDevice)) run(command);
  for (const command of tcCommands('eth0')) run([...link.exec, ...command]);
  return () => {
    run(['tc', 'qdisc', 'del', 'dev', link.hostDevice, 'root']);
    run([...link.exec, 'tc', 'qdisc', 'del', 'dev', 'eth0', 'root']);
  };
}
