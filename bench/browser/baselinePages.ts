/**
 * The two baselines of the join bench, as pages of a few dozen lines each, served by
 * minimalCallServer.ts. Both open the camera as the app's preview does (the app's own
 * constraints) before anyone clicks, send it as the app does (its first frames at most 360
 * lines tall, the full size a second after the encoder has put one out:
 * web/src/rtc/mesh/startSize.ts, without which Chromium's first frame comes about 200 ms later,
 * and small), and list their connections as `window.__benchPcs()`.
 *
 * - `/call#…`: the minimal two-page call. Its WebSocket is open before the click; the click
 *   makes one RTCPeerConnection, offers, and trickles candidates through a bare `ws` relay. It
 *   marks the steps the app marks (web/src/lib/joinTimeline.ts), by the same names, so that the
 *   bench prints the two timelines side by side.
 * - `/call-shown#…`: the same call, but its pages also do what a call is for: each shows its own
 *   camera (as the app's preview and self view do) and plays the other person, picture and
 *   sound, in a `<video>`. Not the target's baseline (that stays the bare call, the best two
 *   pages can do); printed beside it, it tells how much of the app's time is showing and playing.
 * - `/floor`: the in-page floor. The click makes two RTCPeerConnections in this one page,
 *   signaled by direct calls.
 */
import { AUDIO_CONSTRAINTS, VIDEO_CONSTRAINTS } from '../../web/src/rtc/devices.ts';
import { RAISE_AFTER_MS, START_HEIGHT } from '../../web/src/rtc/mesh/startSize.ts';

const constraints = JSON.stringify({ audio: AUDIO_CONSTRAINTS, video: VIDEO_CONSTRAINTS });

const page = (title: string, script: string) => `<!doctype html>
<meta charset="utf-8"><title>${title}</title>
<button id="join">Join call</button> <button id="leave">Leave call</button>
<script type="module">
const join = document.getElementById('join');
const leave = document.getElementById('leave');
const stream = await navigator.mediaDevices.getUserMedia(${constraints});
const shows = location.pathname === '/call-shown';
const video = (width, muted) => {
  const element = Object.assign(document.createElement('video'), { autoplay: true, playsInline: true, muted });
  element.style.width = width;
  return document.body.appendChild(element);
};
const otherVideo = shows ? video('640px', false) : null;
if (shows) video('224px', true).srcObject = new MediaStream(stream.getVideoTracks());
const startSmall = async (pc) => {
  const sender = pc.getSenders().find((s) => s.track?.kind === 'video');
  const height = sender?.track.getSettings().height ?? 0;
  if (height <= ${START_HEIGHT}) return;
  const scale = (by) => {
    const p = sender.getParameters();
    p.encodings[0].scaleResolutionDownBy = by;
    return sender.setParameters(p);
  };
  await scale(height / ${START_HEIGHT});
  for (let i = 0; i < 100 && pc.signalingState !== 'closed'; i++) {
    let encoded = 0;
    (await sender.getStats()).forEach((s) => { if (s.type === 'outbound-rtp') encoded += s.framesEncoded ?? 0; });
    if (encoded > 0) {
      await new Promise((r) => setTimeout(r, ${RAISE_AFTER_MS}));
      return pc.signalingState === 'closed' ? undefined : scale(1);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
};
${script}
document.body.dataset.ready = 'yes';
</script>`;

export const minimalCallPage = page(
  'minimal call',
  `const ws = new WebSocket('ws://' + location.host + '/ws');
await new Promise((resolve) => ws.addEventListener('open', resolve, { once: true }));
let pc = null;
let queue = Promise.resolve();
window.__benchPcs = () => (pc ? [{ id: 'peer', pc }] : []);
const send = (message) => ws.send(JSON.stringify(message));
const mark = (step) => performance.mark('room-call:' + step);
const open = () => {
  const own = new RTCPeerConnection();
  pc = own;
  for (const track of stream.getTracks()) own.addTrack(track, stream);
  void startSmall(own);
  if (otherVideo) own.ontrack = ({ streams }) => { otherVideo.srcObject = streams[0]; };
  own.onicecandidate = ({ candidate }) => candidate && send({ candidate });
  own.oniceconnectionstatechange = () => own.iceConnectionState === 'connected' && mark('ice-connected');
  own.onconnectionstatechange = () => own.connectionState === 'connected' && mark('connected');
};
const handle = async (message) => {
  if (message.bye) { pc?.close(); pc = null; return; }
  if (!pc) open();
  if (message.candidate) return pc.addIceCandidate(message.candidate);
  await pc.setRemoteDescription(message.description);
  if (message.description.type !== 'offer') return mark('answer-applied');
  mark('offer-applied');
  await pc.setLocalDescription();
  send({ description: pc.localDescription });
  mark('answer-sent');
};
ws.onmessage = ({ data }) => { queue = queue.then(() => handle(JSON.parse(data))); };
join.onclick = async () => {
  open();
  await pc.setLocalDescription();
  send({ description: pc.localDescription });
  mark('offer-sent');
};
leave.onclick = () => { pc?.close(); pc = null; send({ bye: true }); };`,
);

export const floorPage = page(
  'in-page floor',
  `const other = await navigator.mediaDevices.getUserMedia(${constraints});
let pcs = [];
window.__benchPcs = () => pcs;
join.onclick = async () => {
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  pcs = [{ id: 'a', pc: a }, { id: 'b', pc: b }];
  a.onicecandidate = ({ candidate }) => void b.addIceCandidate(candidate ?? undefined);
  b.onicecandidate = ({ candidate }) => void a.addIceCandidate(candidate ?? undefined);
  for (const track of stream.getTracks()) a.addTrack(track, stream);
  for (const track of other.getTracks()) b.addTrack(track, other);
  void startSmall(a);
  void startSmall(b);
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
};
leave.onclick = () => { for (const { pc } of pcs) pc.close(); pcs = []; };`,
);
