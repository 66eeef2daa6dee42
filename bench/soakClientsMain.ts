/** Child-process entry of the soak load: keeps the clients' work off the measured server. */
import { driveClients } from './soakClients.ts';
import type { ClientLoadOptions } from './soakClients.ts';

const options = JSON.parse(process.argv[2] ?? '{}') as ClientLoadOptions;
const report = await driveClients(options);
process.send?.(report, () => process.exit(0));
