import type { Dictionary } from './en.ts';

export const ko: Dictionary = {
  'app.name': 'room-call',
  'lobby.title': '방 이름으로 만나세요',
  'lobby.intro':
    '계정도 설치도 필요 없습니다. 같은 방 이름을 입력한 사람들이 같은 통화에 모입니다.',
  'lobby.yourName': '내 이름',
  'lobby.roomName': '방 이름',
  'lobby.roomPlaceholder': '예: 팀 스탠드업',
  'lobby.join': '입장',
  'notFound.title': '페이지를 찾을 수 없습니다',
  'notFound.back': '로비로 가기',
  'room.pickAnother': '다른 방 고르기',
  'language.label': '언어',
  'tile.videoOf': '{name}님의 영상',
  'error.invalid-payload': '서버와 통신하는 중 문제가 생겼습니다. 다시 시도해 주세요.',
  'error.invalid-room':
    '사용할 수 없는 방 이름입니다. 글자, 숫자, 공백, 점, 하이픈, 밑줄로 1–64자를 입력하세요.',
  'error.invalid-name': '이름을 1–32자로 입력해 주세요.',
  'error.room-full': '방이 가득 찼습니다. 나중에 다시 시도하거나 다른 방을 고르세요.',
  'error.wrong-password': '이 방의 비밀번호가 맞지 않습니다.',
  'error.not-in-room': '더 이상 이 방에 있지 않습니다.',
  'error.already-in-room': '이 탭에서 이미 다른 방에 들어가 있습니다.',
  'error.unknown-peer': '그 참가자는 이미 나갔습니다.',
  'error.rate-limited': '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
  'error.unsupported-protocol': '페이지가 오래되었습니다. 새로고침해 주세요.',
  'error.timeout': '서버가 제때 응답하지 않았습니다. 다시 시도해 주세요.',
  'error.server-unreachable': '서버에 연결할 수 없습니다. 네트워크를 확인하고 다시 시도해 주세요.',
  'error.media-denied':
    '카메라와 마이크 접근이 차단되어 있습니다. 그래도 입장해서 다른 사람을 보고 들을 수 있고, 브라우저에서 허용한 뒤 새로고침할 수도 있습니다.',
  'error.no-device':
    '카메라나 마이크를 찾지 못했습니다. 그래도 입장해서 다른 사람을 보고 들을 수 있습니다.',
  'error.device-busy':
    '다른 앱이 카메라나 마이크를 사용 중입니다. 그 앱을 닫고 새로고침하거나, 장치 없이 입장하세요.',
  'error.media-failed':
    '카메라나 마이크를 시작할 수 없습니다. 그래도 입장해서 받기만 할 수 있습니다.',
};
