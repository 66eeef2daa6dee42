/**
 * English strings: the source dictionary. Every other language must have
 * exactly these keys (a missing one fails the type check). `{name}`-style
 * placeholders are filled by `t(key, values)`.
 */
export const en = {
  'app.name': 'room-call',
  'lobby.title': 'Meet by room name',
  'lobby.intro':
    'No account, nothing to install. Everyone who types the same room name lands in the same call.',
  'lobby.yourName': 'Your name',
  'lobby.roomName': 'Room name',
  'lobby.roomPlaceholder': 'e.g. team standup',
  'lobby.join': 'Join',
  'notFound.title': 'Page not found',
  'notFound.back': 'Go to the lobby',
  'room.pickAnother': 'Pick another room',
  'language.label': 'Language',
  'tile.videoOf': 'Video of {name}',
  'error.invalid-payload': 'Something went wrong talking to the server. Please try again.',
  'error.invalid-room':
    'That room name cannot be used. Use 1–64 letters, digits, spaces, dots, dashes or underscores.',
  'error.invalid-name': 'Please enter a name of 1–32 characters.',
  'error.room-full': 'This room is full. Try again later or pick another room.',
  'error.wrong-password': 'That password is not right for this room.',
  'error.not-in-room': 'You are no longer in this room.',
  'error.already-in-room': 'You are already in a room in this tab.',
  'error.unknown-peer': 'That participant is no longer here.',
  'error.rate-limited': 'Too many requests. Please wait a moment and try again.',
  'error.unsupported-protocol': 'This page is out of date. Please reload it.',
  'error.timeout': 'The server did not answer in time. Please try again.',
  'error.server-unreachable': 'Cannot reach the server. Check your connection and try again.',
  'error.media-denied':
    'Camera and microphone access is blocked. You can still join to see and hear the others, or allow access in your browser and reload.',
  'error.no-device':
    'No camera or microphone was found. You can still join to see and hear the others.',
  'error.device-busy':
    'Your camera or microphone is in use by another app. Close it and reload, or join without it.',
  'error.media-failed':
    'Your camera or microphone could not be started. You can still join to receive.',
} as const;

export type MessageKey = keyof typeof en;
export type Dictionary = Record<MessageKey, string>;
