import type { Config } from '../config.ts';
import type { SignalServerOptions } from '../createSignalServer.ts';

/** The SFU as configured (SFU_URL, SFU_SECRET, SFU_ADMIN_KEY, MESH_MAX); nothing without SFU_URL. */
export function sfuOptions(config: Config): Pick<SignalServerOptions, 'sfu' | 'meshMax'> {
  if (config.SFU_URL.length === 0) return {};
  return {
    sfu: { urls: config.SFU_URL, apiSecret: config.SFU_SECRET, adminKey: config.SFU_ADMIN_KEY },
    meshMax: config.MESH_MAX,
  };
}
