/**
 * English strings: the source dictionary. Every other language must have
 * exactly these keys (a missing one fails the type check). `{name}`-style
 * placeholders are filled by `t(key, values)`; numbers are formatted with
 * `Intl.NumberFormat` for the current language.
 *
 * The English accessible names of controls are part of the QA contract
 * (docs/protocol.md): change them only with a new protocol version.
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
  'room.loading': 'Opening the room…',
  'room.loadFailed': 'The room could not be loaded. Check your connection and reload the page.',
  'room.reload': 'Reload the page',
  'language.label': 'Language',

  'preJoin.ready': 'Ready to join?',
  'preJoin.yourName': 'Your name',
  'preJoin.preview': 'Your camera preview',
  'preJoin.startingCamera': 'Starting camera…',
  'preJoin.cameraOff': 'Camera is off',
  'preJoin.password': 'Room password',
  'preJoin.setPassword': 'Set a room password',
  'preJoin.retryMedia': 'Try camera and microphone again',
  'preJoin.join': 'Join call',
  'preJoin.joining': 'Joining…',
  'preJoin.back': 'Back to the lobby',
  'relayOnly.label': 'Relay-only connection',
  'relayOnly.hint':
    'Hides your IP address from the others by sending audio and video through the relay server.',
  'relayOnly.unavailable': 'This server has no relay server, so a relay-only call cannot connect.',

  'call.reconnecting': 'Reconnecting to server…',
  'call.participants': 'Participants',
  'call.waiting': 'Waiting for others to join…',
  'call.shareInvite': 'Share the invite link to bring people in.',
  'call.yourCamera': 'Your camera',
  'call.cameraOff': 'Camera off',
  'call.you': '{name} (you)',
  'call.controls': 'Call controls',
  'call.leave': 'Leave call',
  'call.sidePanel': 'Side panel',
  'call.closePanel': 'Close panel',
  'stage.pages': 'Participant pages',
  'stage.previousPage': 'Previous page of participants',
  'stage.nextPage': 'Next page of participants',
  'stage.page': 'Page {page} of {pages}',

  'control.microphone': 'Microphone',
  'control.microphoneOffHint': 'Turn off microphone (M)',
  'control.microphoneOnHint': 'Turn on microphone (M)',
  'control.camera': 'Camera',
  'control.cameraOffHint': 'Turn off camera (V)',
  'control.cameraOnHint': 'Turn on camera (V)',
  'control.shareScreen': 'Share screen',
  'control.stopPresenting': 'Stop presenting',
  'control.present': 'Present your screen',
  'control.chat': 'Chat',
  'control.chatHint': 'Chat with everyone',
  'control.unread': '{count} unread',
  'control.participants': 'Participants',
  'control.participantsHint': 'Who is here, and safety codes',
  'control.devices': 'Devices',
  'control.devicesHint': 'Choose camera, microphone and speaker',
  'control.shortcuts': 'Keyboard shortcuts',
  'control.shortcutsHint': 'Keyboard shortcuts (?)',

  'devices.title': 'Devices',
  'devices.camera': 'Camera device',
  'devices.microphone': 'Microphone device',
  'devices.speaker': 'Speaker device',
  'devices.default': 'System default',
  'effects.blur': 'Background blur',
  'effects.noise': 'Noise suppression',
  'effects.strong': 'Strong (removes more background noise, uses more CPU)',
  'effects.blurTooSlow': 'Background blur is off: this device could not keep up with the camera.',
  'effects.blurFailed': 'Background blur could not start in this browser.',
  'effects.strongFailed': 'Strong noise suppression could not start in this browser.',
  'micLevel.label': 'Microphone level',

  'dialog.close': 'Close',
  'shortcuts.title': 'Keyboard shortcuts',
  'shortcuts.microphone': 'Turn the microphone off or on',
  'shortcuts.camera': 'Turn the camera off or on',
  'shortcuts.help': 'Show these shortcuts',
  'shortcuts.typing': 'Shortcuts do nothing while you type in a text box.',

  'invite.copy': 'Copy invite link',
  'invite.copied': 'Link copied',
  'invite.link': 'Invite link',

  'chat.title': 'Chat',
  'chat.privacy': 'Messages go straight to the people in the call. They are not stored anywhere.',
  'chat.privacySfu':
    'In this room, messages pass through the call’s server on their way to the others. They are not stored anywhere.',
  'chat.messages': 'Messages',
  'chat.message': 'Message',
  'chat.placeholder': 'Send a message',
  'chat.send': 'Send',
  'chat.you': 'You',
  'chat.empty': 'No messages yet.',

  'people.title': 'Participants ({count})',
  'people.you': '{name} (you)',
  'people.search': 'Search participants',
  'people.shown': '{count} of {total} shown',
  'people.noMatch': 'No one matches “{query}”.',
  'people.micOn': 'Microphone on',
  'people.micOff': 'Microphone off',
  'people.cameraOn': 'Camera on',
  'people.cameraOff': 'Camera off',
  'people.sharing': 'Sharing screen',
  'people.safetyCode': 'Safety code:',
  'people.safetyWaiting': 'waiting for the connection…',
  'people.viaServer':
    'In this room, audio and video pass through the call’s media server, which can see and hear them. Safety codes exist only for direct connections, in smaller rooms.',
  'people.safetyHelp':
    'Read the safety code aloud with each person: they see the same code on their side. If a code differs, someone may be intercepting that connection.',

  'tile.videoOf': 'Video of {name}',
  'tile.cameraOff': 'Camera off',
  'tile.micOff': 'Microphone off',
  'tile.speaking': '(speaking)',
  'tile.connecting': 'Connecting…',
  'tile.reconnecting': 'Reconnecting…',
  'tile.failed': 'Connection lost. Retrying…',
  'tile.relayFailed':
    'Could not connect through the relay server. Try rejoining, or turn off relay-only before joining.',
  'tile.pin': 'Pin {name}',
  'tile.unpin': 'Unpin {name}',
  'tile.fullScreen': 'Full screen: {name}',
  'tile.pictureInPicture': 'Picture-in-picture: {name}',
  'screen.of': 'Screen of {name}',
  'screen.yours': 'Your screen',
  'screen.presenting': '{name} is presenting',
  'screen.youPresent': 'You are presenting',

  'quality.label': 'Connection quality',
  'quality.good': 'Good connection',
  'quality.fair': 'Unstable connection',
  'quality.poor': 'Poor connection',
  'quality.unknown': 'Measuring connection…',
  'quality.rtt': 'round trip {ms} ms',
  'quality.loss': 'packet loss {pct} %',
  'quality.kbps': 'receiving {kbps} kbit/s',
  'quality.mbps': 'receiving {mbps} Mbit/s',
  'quality.sendLimit': 'network lets us send {kbps} kbit/s',

  'notice.announcements': 'Announcements',
  'notice.joined': '{name} joined',
  'notice.left': '{name} left',
  'notice.peerMicOff': '{name} turned their microphone off',
  'notice.peerMicOn': '{name} turned their microphone on',
  'notice.selfMicOff': 'Your microphone is off',
  'notice.selfMicOn': 'Your microphone is on',
  'notice.selfCameraOff': 'Your camera is off',
  'notice.selfCameraOn': 'Your camera is on',

  'error.invalid-payload': 'Something went wrong talking to the server. Please try again.',
  'error.invalid-room':
    'That room name cannot be used. Use 1–64 letters, digits, spaces, dots, dashes or underscores.',
  'error.invalid-name': 'Please enter a name of 1–32 characters.',
  'error.room-full': 'This room is full. Try again later or pick another room.',
  'error.wrong-password': 'This room is protected by a password. Enter the right one to join.',
  'error.not-in-room': 'You are no longer in this room.',
  'error.already-in-room': 'You are already in a room in this tab.',
  'error.unknown-peer': 'That participant is no longer here.',
  'error.rate-limited': 'Too many requests. Please wait a moment and try again.',
  'error.not-sfu-room': 'This room does not route media through the media server.',
  'error.sfu-unavailable':
    'The media server for large rooms is not answering. Please try again in a moment.',
  'error.unsupported-protocol': 'This page is out of date. Please reload it.',
  'error.timeout': 'The server did not answer in time. Please try again.',
  'error.server-unreachable': 'Cannot reach the server. Check your connection and try again.',
  'error.media-denied':
    'Camera and microphone access is blocked. You can still join to see and hear the others, or allow access in your browser and try again.',
  'error.no-device':
    'No camera or microphone was found. You can still join to see and hear the others.',
  'error.device-busy':
    'Your camera or microphone is in use by another app. Close it and try again, or join without it.',
  'error.media-failed':
    'Your camera or microphone could not be started. You can still join to receive.',
  'error.screen-unavailable':
    'Your browser found no screen or window to share. The call goes on without it.',
} as const;

export type MessageKey = keyof typeof en;
export type Dictionary = Record<MessageKey, string>;
