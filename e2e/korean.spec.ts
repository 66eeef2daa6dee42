import { test, expect } from './fixtures.ts';
import type { Participant } from './support/participant.ts';
import { expectMediaFlowing, tileOf } from './support/participant.ts';

/** The whole way in, through the Korean interface a ko-KR browser gets. */
async function joinInKorean(p: Participant, baseUrl: string, room: string): Promise<void> {
  await p.page.goto(baseUrl);
  await expect(p.page.locator('html')).toHaveAttribute('lang', 'ko');
  await expect(p.page.getByRole('heading', { name: '방 이름으로 만나세요' })).toBeVisible();
  await p.page.getByRole('textbox', { name: '내 이름' }).fill(p.name);
  await p.page.getByRole('textbox', { name: '방 이름' }).fill(room);
  await p.page.getByRole('button', { name: '입장', exact: true }).click();
  await expect(p.page.getByText('입장할 준비가 되셨나요?')).toBeVisible();
  await expect(p.page.getByRole('meter', { name: '마이크 입력 크기' })).toBeVisible();
  await p.page.getByRole('button', { name: '통화 참여' }).click();
  await expect(p.page.getByRole('button', { name: '통화 나가기' })).toBeVisible();
}

test('a Korean browser gets the whole join-and-talk flow in Korean', async ({
  app,
  participant,
}) => {
  const minji = await participant('민지', { locale: 'ko-KR' });
  const junho = await participant('준호', { locale: 'ko-KR' });
  await joinInKorean(minji, app.url, '주간 회의');
  await expect(minji.page.getByText('다른 사람이 들어오기를 기다리는 중…')).toBeVisible();
  await joinInKorean(junho, app.url, '주간 회의');

  const notices = minji.page.getByRole('list', { name: '알림' });
  await expect(notices).toContainText('준호님이 들어왔습니다');
  await expectMediaFlowing(minji, 1);
  await expectMediaFlowing(junho, 1);
  await expect(tileOf(minji, '준호').locator('video')).toHaveAccessibleName('준호님의 영상');

  // Controls keep their state in aria-pressed under their Korean names.
  const microphone = junho.page.getByRole('navigation', { name: '통화 조작' }).getByRole('button', {
    name: '마이크',
    exact: true,
  });
  await expect(microphone).toHaveAttribute('aria-pressed', 'true');
  await microphone.click();
  await expect(microphone).toHaveAttribute('aria-pressed', 'false');
  await expect(notices).toContainText('준호님이 마이크를 껐습니다');
  await expect(tileOf(minji, '준호').getByRole('img', { name: '마이크 꺼짐' })).toBeVisible();

  // Chat, with the time of day written the Korean way (오전/오후).
  await minji.page.getByRole('button', { name: '채팅' }).click();
  await minji.page.getByRole('textbox', { name: '메시지' }).fill('안녕하세요');
  await minji.page.getByRole('button', { name: '보내기' }).click();
  await expect(minji.page.getByTestId('chat-author')).toHaveText(['나']);
  await expect(minji.page.locator('[data-testid="chat-message"] time')).toHaveText(/^오[전후] /);
  await expect(junho.page.getByTestId('unread-badge')).toContainText('1');
  await junho.page.getByRole('button', { name: '채팅' }).click();
  await expect(junho.page.getByTestId('chat-text')).toHaveText(['안녕하세요']);

  // Counts are written for the language: the participants panel says how many.
  await minji.page.getByRole('button', { name: '참가자', exact: true }).click();
  await expect(minji.page.getByRole('heading', { name: '참가자 (2명)' })).toBeVisible();
  await expect(tileOf(minji, '준호').getByRole('img', { name: '연결 품질' })).toBeVisible();

  await junho.page.getByRole('button', { name: '통화 나가기' }).click();
  await expect(notices).toContainText('준호님이 나갔습니다');
  await expect(junho.page.getByRole('button', { name: '통화 참여' })).toBeVisible();
});

test('the language switch overrides the browser language and is remembered', async ({
  app,
  participant,
}) => {
  const minji = await participant('민지', { locale: 'ko-KR' });
  await minji.page.goto(app.url);
  await expect(minji.page.getByRole('textbox', { name: '내 이름' })).toBeVisible();
  await minji.page.getByRole('combobox', { name: '언어' }).selectOption('en');
  await expect(minji.page.getByRole('textbox', { name: 'Your name' })).toBeVisible();
  await expect(minji.page.locator('html')).toHaveAttribute('lang', 'en');
  await minji.page.reload();
  await expect(minji.page.getByRole('button', { name: 'Join', exact: true })).toBeVisible();
  await minji.page.getByRole('combobox', { name: 'Language' }).selectOption('ko');
  await expect(minji.page.getByRole('button', { name: '입장', exact: true })).toBeVisible();
});
