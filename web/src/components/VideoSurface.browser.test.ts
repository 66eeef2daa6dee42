/**
 * VideoSurface in a real page: when its stream is replaced, the old stream's element stays on
 * top, still playing, until the new element has a frame (a tile moving from the mesh to the
 * media server). Streams come from canvases, which put out a frame only when drawn.
 */
import { createElement } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { Root } from 'react-dom/client';
import { afterEach, expect, it } from 'vitest';
import { COVER_AT_MOST_MS, VideoSurface } from './VideoSurface.tsx';

const POLL = { timeout: 10_000, interval: 20 };
const cleanup: (() => void)[] = [];

afterEach(() => {
  for (const undo of cleanup.splice(0)) undo();
});

/** A canvas stream that puts out frames only once `draw` is called (then every 30 ms). */
function canvasStream(colour: string) {
  const canvas = Object.assign(document.createElement('canvas'), { width: 64, height: 36 });
  const stream = canvas.captureStream();
  let timer: ReturnType<typeof setInterval> | undefined;
  const draw = () => {
    const paint = () => {
      const ctx = canvas.getContext('2d');
      if (!ctx) return;
      ctx.fillStyle = colour;
      ctx.fillRect(0, 0, canvas.width, canvas.height);
      // A changing pixel, so every draw is a new frame.
      ctx.fillStyle = `rgb(${Date.now() % 255}, 0, 0)`;
      ctx.fillRect(0, 0, 1, 1);
    };
    paint();
    timer ??= setInterval(paint, 30);
  };
  cleanup.push(() => {
    clearInterval(timer);
    for (const track of stream.getTracks()) track.stop();
  });
  return { stream, draw };
}

function mount(): { root: Root; host: HTMLElement; show: (stream: MediaStream | null) => void } {
  const host = document.createElement('div');
  host.style.cssText = 'position: relative; width: 320px; height: 180px';
  document.body.append(host);
  const root = createRoot(host);
  cleanup.push(() => {
    root.unmount();
    host.remove();
  });
  const show = (stream: MediaStream | null) =>
    flushSync(() => root.render(createElement(VideoSurface, { stream, version: 0, label: 'Ann' })));
  return { root, host, show };
}

const videos = (host: HTMLElement) => [...host.querySelectorAll('video')];

it('keeps the old picture on top until the new stream has a frame, then shows and plays only the new one', async () => {
  const { host, show } = mount();
  const a = canvasStream('red');
  a.draw();
  show(a.stream);
  const [first] = videos(host);
  await expect.poll(() => first?.readyState ?? 0, POLL).toBeGreaterThanOrEqual(2);
  expect(first?.muted).toBe(false);

  const b = canvasStream('blue');
  show(b.stream);
  // The element that was showing keeps its stream, on top; the new one is underneath, silent.
  const [incoming, cover] = videos(host);
  expect(videos(host)).toHaveLength(2);
  expect(cover).toBe(first);
  expect(cover?.srcObject).toBe(a.stream);
  expect(cover?.getAttribute('aria-hidden')).toBe('true');
  expect(cover?.className).toContain('absolute');
  expect(cover?.muted).toBe(false);
  await expect.poll(() => incoming?.srcObject, POLL).toBe(b.stream);
  expect(incoming?.muted).toBe(true);
  expect(incoming?.getAttribute('aria-label')).toBe('Ann');

  // No frame yet: the cover stays (checked across a few of the old stream's frames).
  const coverFrames = cover?.getVideoPlaybackQuality().totalVideoFrames ?? 0;
  await expect
    .poll(() => cover?.getVideoPlaybackQuality().totalVideoFrames ?? 0, POLL)
    .toBeGreaterThan(coverFrames + 2);
  expect(videos(host)).toHaveLength(2);

  b.draw();
  await expect.poll(() => videos(host).length, POLL).toBe(1);
  expect(videos(host)[0]).toBe(incoming);
  expect(incoming?.muted).toBe(false);
  expect(incoming?.readyState).toBeGreaterThanOrEqual(2);
});

it(`shows the new stream after ${COVER_AT_MOST_MS} ms even if it never has a frame`, async () => {
  const { host, show } = mount();
  const a = canvasStream('red');
  a.draw();
  show(a.stream);
  await expect.poll(() => videos(host)[0]?.readyState ?? 0, POLL).toBeGreaterThanOrEqual(2);
  const silent = canvasStream('blue');
  const replacedAt = performance.now();
  show(silent.stream);
  expect(videos(host)).toHaveLength(2);
  await expect.poll(() => videos(host).length, POLL).toBe(1);
  expect(performance.now() - replacedAt).toBeGreaterThanOrEqual(COVER_AT_MOST_MS - 50);
  expect(videos(host)[0]?.srcObject).toBe(silent.stream);
  expect(videos(host)[0]?.muted).toBe(false);
});

it('has no cover when a stream comes or goes, and keeps the first cover across two quick changes', async () => {
  const { host, show } = mount();
  show(null);
  const empty = videos(host)[0];
  const a = canvasStream('red');
  a.draw();
  show(a.stream);
  // The same element takes the stream (a floating picture or a listener on it stays).
  expect(videos(host)).toHaveLength(1);
  expect(videos(host)[0]).toBe(empty);
  await expect.poll(() => videos(host)[0]?.readyState ?? 0, POLL).toBeGreaterThanOrEqual(2);
  const showing = videos(host)[0];

  const b = canvasStream('green');
  const c = canvasStream('blue');
  show(b.stream);
  show(c.stream);
  // B never showed: A, which is what the person sees, stays the cover; C takes B's place.
  expect(videos(host)).toHaveLength(2);
  expect(videos(host)[1]).toBe(showing);
  expect(videos(host)[1]?.srcObject).toBe(a.stream);
  await expect.poll(() => videos(host)[0]?.srcObject, POLL).toBe(c.stream);
  c.draw();
  await expect.poll(() => videos(host).length, POLL).toBe(1);

  const last = videos(host)[0];
  show(null);
  expect(videos(host)).toHaveLength(1);
  expect(videos(host)[0]).toBe(last);
  await expect.poll(() => videos(host)[0]?.srcObject ?? null, POLL).toBeNull();
});
