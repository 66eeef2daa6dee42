/**
 * Test support: a throwaway Janus in a network namespace of its own, joined to the host by a
 * veth pair. Janus gathers no ICE candidates on loopback interfaces, so its media needs an
 * address that is not loopback; this one stays on this machine, inside the link made here.
 */
import { createHostLink, namespaceUnavailable } from '../namespaces.ts';
import { startJanus } from './janusProcess.ts';
import type { JanusServer } from './janusProcess.ts';

/**
 * Janus in a namespace of its own; `stop()` also removes the namespace. Where namespaces cannot
 * be built (not root), Janus runs on the host and gathers on its non-loopback interfaces, so its
 * media still stays on this machine but uses the host's own address.
 */
export async function startJanusInNamespace(): Promise<JanusServer> {
  if (namespaceUnavailable() !== null) return startJanus();
  const link = createHostLink();
  try {
    const janus = await startJanus({ prefix: link.exec, host: link.nsIp, iceEnforceList: 'eth0' });
    return {
      ...janus,
      stop: async () => {
        await janus.stop();
        link.destroy();
      },
    };
  } catch (err) {
    link.destroy();
    throw err;
  }
}
