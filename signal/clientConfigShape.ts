/**
 * Settings the web app needs before it joins, served as a small JSON document next to the app
 * (the join ack's shape is fixed by the protocol, and the pre-join view must show the
 * relay-only default before any join happens). Holds no secret: everything here is public by
 * design. Pure: the web app imports it, so it names nothing of Node.
 */
export const CLIENT_CONFIG_PATH = '/config.json';

export interface ClientConfig {
  /** The server's default for new calls; a person may choose otherwise in the pre-join view. */
  iceTransportPolicy: 'all' | 'relay';
  /** A TURN server is configured, so relay-only calls can connect. */
  relayAvailable: boolean;
}
