/**
 * PeerIce on a stand-in connection (only the handlers and fields it uses): candidates go out as
 * JSON until the session closes, a relay-only gathering without a relay is reported, fresh
 * servers restart ICE at once on a negotiated connection that is not up (and only then), and a
 * configuration the browser refuses is reported, not thrown.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { OutgoingSignal } from './negotiation.ts';
import { PeerIce } from './peerIce.ts';
import type { PeerIceOptions } from './peerIce.ts';

type Handler<E> = ((event: E) => void) | null;

function fakeConnection() {
  const pc = {
    connectionState: 'new' as RTCPeerConnectionState,
    iceConnectionState: 'new' as RTCIceConnectionState,
    iceGatheringState: 'new' as RTCIceGatheringState,
    remoteDescription: null as RTCSessionDescriptionInit | null,
    onicecandidate: null as Handler<RTCPeerConnectionIceEvent>,
    onicecandidateerror: null as Handler<Event>,
    onicegatheringstatechange: null as Handler<Event>,
    oniceconnectionstatechange: null as Handler<Event>,
    configuration: { iceServers: [], bundlePolicy: 'max-bundle' } as RTCConfiguration,
    getConfiguration() {
      return this.configuration;
    },
    setConfiguration: vi.fn(function (this: { configuration: RTCConfiguration }, c) {
      this.configuration = c as RTCConfiguration;
    }),
  };
  return pc;
}

const candidate = (type: string) =>
  ({ type, toJSON: () => ({ candidate: `candidate:1 1 udp 1 127.0.0.1 9 typ ${type}` }) }) as never;

function setUp(options: Partial<PeerIceOptions> = {}) {
  const pc = fakeConnection();
  const sent: OutgoingSignal[] = [];
  const session = {
    counters: { relayCandidates: 0, candidateErrors: 0 },
    closed: false,
    isClosed() {
      return this.closed;
    },
    restart: vi.fn(),
  };
  const opts = {
    peerId: 'ann',
    polite: false,
    send: (signal: OutgoingSignal) => sent.push(signal),
    onRelayFailed: vi.fn(),
    onError: vi.fn(),
    ...options,
  };
  const ice = new PeerIce(pc as unknown as RTCPeerConnection, opts, session);
  const gather = (state: RTCIceGatheringState) => {
    pc.iceGatheringState = state;
    pc.onicegatheringstatechange?.(new Event('icegatheringstatechange'));
  };
  const found = (c: RTCIceCandidate | null) => {
    pc.onicecandidate?.({ candidate: c } as RTCPeerConnectionIceEvent);
  };
  return { pc, sent, session, opts, ice, gather, found };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('our ICE candidates', () => {
  it('go out as JSON, then the end of candidates; nothing once the session is closed', () => {
    const t = setUp();
    t.found(candidate('host'));
    t.found(null);
    t.session.closed = true;
    t.found(candidate('host'));
    expect(t.sent).toEqual([
      { candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host' } },
      { candidate: null },
    ]);
  });

  it('relay-only: a gathering that ends without a relay is reported, one with a relay is not', () => {
    const t = setUp({ iceTransportPolicy: 'relay' });
    t.gather('gathering');
    t.found(candidate('relay'));
    t.gather('complete');
    expect(t.opts.onRelayFailed).not.toHaveBeenCalled();
    expect(t.ice.relayFailed).toBe(false);
    t.gather('gathering');
    t.gather('complete');
    expect(t.opts.onRelayFailed).toHaveBeenCalledOnce();
    expect(t.ice.relayFailed).toBe(true);
    expect(t.session.counters.relayCandidates).toBe(1);
  });
});

describe('fresh STUN/TURN servers from a rejoin', () => {
  it('restart ICE on a negotiated connection whose ICE never started (no candidate on either side)', () => {
    const t = setUp({ polite: true });
    t.pc.remoteDescription = { type: 'answer', sdp: 'v=0' };
    t.ice.update('new');
    t.ice.tryFreshServers();
    expect(t.session.restart).toHaveBeenCalledOnce();
  });

  it('restart ICE at once on a connection that is down, never on one that is up or not yet tried', () => {
    const t = setUp();
    for (const state of ['new', 'connected'] as const) {
      t.pc.connectionState = state;
      t.ice.tryFreshServers();
    }
    expect(t.session.restart).not.toHaveBeenCalled();
    t.pc.connectionState = 'failed';
    t.ice.update('failed');
    t.ice.tryFreshServers();
    expect(t.session.restart).toHaveBeenCalledOnce();
    t.session.closed = true;
    t.ice.tryFreshServers();
    expect(t.session.restart).toHaveBeenCalledOnce();
  });

  it('go into the configuration, keeping the rest of it; a refusal is reported, not thrown', () => {
    const t = setUp();
    const servers = [{ urls: 'turn:127.0.0.1:3478', username: 'u', credential: 'c' }];
    t.ice.setIceServers(servers);
    expect(t.pc.getConfiguration()).toEqual({ iceServers: servers, bundlePolicy: 'max-bundle' });
    t.pc.setConfiguration.mockImplementationOnce(() => {
      throw new Error('InvalidModificationError');
    });
    expect(() => t.ice.setIceServers([])).not.toThrow();
    expect(t.opts.onError).toHaveBeenCalledOnce();
  });
});
