import { expect } from './expect.ts';
import type { BrowserContext } from '@playwright/test';
import type { Fixtures, ParticipantOptions } from '../fixtures.ts';
import type { Participant } from './participant.ts';
import { joinAll, joinInTurn } from './participant.ts';

export type Rgb = readonly [number, number, number];

/** Saturated colours far apart in RGB, so that a swapped stream cannot pass for another. */
export const PALETTE: readonly Rgb[] = [
  [220, 30, 30],
  [30, 200, 50],
  [30, 70, 230],
  [235, 215, 30],
  [200, 40, 220],
  [30, 210, 220],
  [250, 140, 20],
  [240, 240, 240],
];

export interface CameraOptions {
  width?: number;
  height?: number;
  fps?: number;
}

/**
 * Replaces the context's camera with a canvas of one solid colour (a small
 * corner square changes every frame so the encoder keeps sending) and its
 * microphone with an oscillator, so media still flows both ways. Chromium only: in Firefox
 * (WebDriver BiDi) the init script does not reach the page's own `getUserMedia`, and the person
 * keeps Firefox's fake camera (1280x720 as the app asks, checked with `getSettings()`; sent
 * small by the suite's Firefox prefs, browsers.ts).
 */
export async function useColourCamera(
  context: BrowserContext,
  colour: Rgb,
  options: CameraOptions = {},
): Promise<void> {
  const config = { colour, width: 320, height: 180, fps: 15, ...options };
  await context.addInitScript((cfg) => {
    const devices = navigator.mediaDevices as MediaDevices | undefined;
    if (!devices) return;
    let source: MediaStream | null = null;
    const open = (): MediaStream => {
      if (source) return source;
      const canvas = document.createElement('canvas');
      canvas.width = cfg.width;
      canvas.height = cfg.height;
      const g = canvas.getContext('2d');
      if (!g) throw new Error('no 2d canvas');
      const [r, gr, b] = cfg.colour;
      let tick = 0;
      const paint = () => {
        g.fillStyle = `rgb(${r}, ${gr}, ${b})`;
        g.fillRect(0, 0, cfg.width, cfg.height);
        g.fillStyle = tick % 2 === 0 ? '#000' : '#fff';
        g.fillRect(0, 0, 8, 8);
        tick += 1;
      };
      paint();
      setInterval(paint, 1000 / cfg.fps);
      const audio = new AudioContext();
      const oscillator = audio.createOscillator();
      const sink = audio.createMediaStreamDestination();
      oscillator.connect(sink);
      oscillator.start();
      source = new MediaStream([
        ...canvas.captureStream(cfg.fps).getVideoTracks(),
        ...sink.stream.getAudioTracks(),
      ]);
      return source;
    };
    devices.getUserMedia = (constraints?: MediaStreamConstraints) => {
      const all = open();
      const tracks = [
        ...(constraints?.audio ? all.getAudioTracks() : []),
        ...(constraints?.video ? all.getVideoTracks() : []),
      ];
      return Promise.resolve(new MediaStream(tracks.map((t) => t.clone())));
    };
  }, config);
}

/**
 * People who join `room` one after another, each with a small camera of their own colour
 * (PALETTE, in turn) and a tone for a microphone, until each decodes rising media from every
 * other: the `inCall` fixture for tests about anything but the picture. Encoding and decoding
 * 320x180 instead of the fake device's 1280x720 leaves a loaded 2-core machine the CPU for the
 * pages themselves.
 */
export async function inColourCall(
  participant: Fixtures['participant'],
  appUrl: string,
  room: string,
  names: readonly string[],
): Promise<Participant[]> {
  const people = await colourPeople(participant, names);
  await joinAll(people, appUrl, room);
  return people;
}

/**
 * People with their colours' cameras (`camera` their size; colourPeople) who join `room` one
 * after another (joinInTurn), resolving once each is in the call view: for checks of their own.
 */
export async function colourPeopleInTurn(
  participant: Fixtures['participant'],
  appUrl: string,
  room: string,
  names: readonly string[],
  camera?: CameraOptions,
): Promise<Participant[]> {
  const people = await colourPeople(participant, names, camera);
  await joinInTurn(people, appUrl, room);
  return people;
}

/** A new person with the `index`th colour's small camera (see inColourCall). */
export async function colourPerson(
  participant: Fixtures['participant'],
  name: string,
  index: number,
  options?: ParticipantOptions,
  camera?: CameraOptions,
): Promise<Participant> {
  const person = await participant(name, options);
  await useColourCamera(person.context, PALETTE[index % PALETTE.length] ?? [0, 0, 0], camera);
  return person;
}

/**
 * New people, the `i`th with the `i`th colour's camera (`camera` its size), made at once (each
 * context and page takes the browser most of a second) and not yet joined.
 */
export function colourPeople(
  participant: Fixtures['participant'],
  names: readonly string[],
  camera?: CameraOptions,
): Promise<Participant[]> {
  if (names.length > PALETTE.length) throw new Error('more people than colours');
  return Promise.all(names.map((name, i) => colourPerson(participant, name, i, undefined, camera)));
}

/** Mean colour of the middle of the video shown in `peerName`'s tile, as decoded here. */
export function tileColour(p: Participant, peerName: string): Promise<Rgb | null> {
  return p.page.evaluate((name) => {
    const video = document.querySelector<HTMLVideoElement>(
      `[data-testid="tile"][data-peer-name="${CSS.escape(name)}"] video`,
    );
    if (!video || video.videoWidth === 0 || video.readyState < 2) return null;
    const size = 16;
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const g = canvas.getContext('2d', { willReadFrequently: true });
    if (!g) return null;
    const w = video.videoWidth;
    const h = video.videoHeight;
    // The middle half, away from the changing corner square.
    g.drawImage(video, w / 4, h / 4, w / 2, h / 2, 0, 0, size, size);
    const { data } = g.getImageData(0, 0, size, size);
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) {
      sum[0] = (sum[0] ?? 0) + (data[i] ?? 0);
      sum[1] = (sum[1] ?? 0) + (data[i + 1] ?? 0);
      sum[2] = (sum[2] ?? 0) + (data[i + 2] ?? 0);
    }
    const n = data.length / 4;
    return [
      Math.round((sum[0] ?? 0) / n),
      Math.round((sum[1] ?? 0) / n),
      Math.round((sum[2] ?? 0) / n),
    ] as const;
  }, peerName);
}

const distance = (a: Rgb, b: Rgb) => Math.max(...a.map((v, i) => Math.abs(v - (b[i] ?? 0))));

/**
 * The colour in `peerName`'s tile at `p` is `expected` (within codec error) and
 * nearer to it than to any other colour in the room.
 */
export async function expectTileColour(
  p: Participant,
  peerName: string,
  expected: Rgb,
  roomColours: readonly Rgb[],
  timeout = 20_000,
): Promise<void> {
  const tolerance = 45;
  await expect
    .poll(
      async () => {
        const seen = await tileColour(p, peerName);
        if (!seen) return 'no picture';
        const nearest = [...roomColours].sort((a, b) => distance(seen, a) - distance(seen, b))[0];
        return nearest === expected && distance(seen, expected) <= tolerance
          ? 'match'
          : `saw rgb(${seen.join(', ')})`;
      },
      { timeout, message: `${p.name} sees the colour of ${peerName}` },
    )
    .toBe('match');
}
