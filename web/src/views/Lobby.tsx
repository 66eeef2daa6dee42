import { useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import { normalizeDisplayName, normalizeRoomName } from '../../../signal/names.ts';
import { useT } from '../i18n/index.ts';
import { useFocusOnMount } from '../lib/useFocusOnMount.ts';
import { navigate, roomPath } from '../lib/router.ts';
import { loadName, saveName } from '../lib/storage.ts';
import { Brand, Page, TextField, primaryButtonClass } from '../components/Layout.tsx';
import { errorKey } from '../lib/errors.ts';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

export function Lobby() {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [name, setName] = useState(loadName);
  const [room, setRoom] = useState('');
  const [problem, setProblem] = useState<'invalid-name' | 'invalid-room' | null>(null);
  const errorId = useId();

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const validName = normalizeDisplayName(name);
    const validRoom = normalizeRoomName(room);
    if (validName === null || validRoom === null) {
      setProblem(validName === null ? 'invalid-name' : 'invalid-room');
      return;
    }
    saveName(validName);
    navigate(roomPath(validRoom));
  };

  return (
    <Page>
      <Brand />
      <section className="w-full max-w-md rounded-2xl border border-slate-800 bg-slate-900/60 p-6 shadow-xl">
        <h1 ref={heading} tabIndex={-1} className="mb-1 text-2xl font-semibold focus:outline-none">
          {t('lobby.title')}
        </h1>
        <p className="mb-6 text-sm text-slate-400">{t('lobby.intro')}</p>
        <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
          <TextField
            label={t('lobby.yourName')}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="nickname"
            maxLength={64}
            aria-invalid={problem === 'invalid-name'}
            aria-describedby={problem === 'invalid-name' ? errorId : undefined}
          />
          <TextField
            label={t('lobby.roomName')}
            value={room}
            onChange={(e) => setRoom(e.target.value)}
            placeholder={t('lobby.roomPlaceholder')}
            autoComplete="off"
            maxLength={128}
            aria-invalid={problem === 'invalid-room'}
            aria-describedby={problem === 'invalid-room' ? errorId : undefined}
          />
          {problem && (
            <p id={errorId} role="alert" className="text-sm text-rose-300">
              {t(errorKey(problem))}
            </p>
          )}
          <button type="submit" className={primaryButtonClass}>
            {t('lobby.join')}
          </button>
        </form>
      </section>
      <LanguageSwitch />
    </Page>
  );
}
