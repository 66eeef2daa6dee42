import { useEffect, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { normalizeDisplayName } from '../../../signal/names.ts';
import { controller } from '../lib/controller.ts';
import { errorKey } from '../lib/errors.ts';
import { useT } from '../i18n/index.ts';
import { useFocusOnMount } from '../lib/useFocusOnMount.ts';
import { loadName, saveName } from '../lib/storage.ts';
import { selectError, selectMedia, selectRelayOnly, useAppStore } from '../store/index.ts';
import { Alert, Brand, Link, Page, TextField, primaryButtonClass } from '../components/Layout.tsx';
import { LocalCamera } from '../components/LocalCamera.tsx';
import { RelayOnlySwitch } from '../components/RelayOnlySwitch.tsx';
import { MediaToggles } from '../components/MediaToggles.tsx';
import { MicLevelMeter } from '../components/MicLevelMeter.tsx';
import { DeviceSelects } from '../components/DeviceSelects.tsx';
import { EffectsToggles } from '../components/EffectsToggles.tsx';
import { LanguageSwitch } from '../components/LanguageSwitch.tsx';

export function PreJoin({ room }: { room: string }) {
  const t = useT();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  // In the call, until its view shows (callShown), is still joining here.
  const joining = useAppStore(
    (s) => s.phase === 'joining' || (s.phase === 'in-call' && !s.callShown),
  );
  const error = useAppStore(selectError);
  const media = useAppStore(useShallow(selectMedia));
  const clearError = useAppStore((s) => s.clearError);
  const relayOnly = useAppStore(selectRelayOnly);
  const relayAvailable = useAppStore((s) => s.relayAvailable);
  const [name, setName] = useState(loadName);
  const [nameInvalid, setNameInvalid] = useState(false);
  const [password, setPassword] = useState('');
  const [wantsPassword, setWantsPassword] = useState(false);
  // The first one in may set a password; everyone after is asked for it when the server says so.
  const showPassword = wantsPassword || error === 'wrong-password' || password !== '';

  useEffect(() => {
    void controller.prepareMedia();
    void controller.prepareNetwork();
  }, []);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const valid = normalizeDisplayName(name);
    setNameInvalid(valid === null);
    if (valid === null) return;
    saveName(valid);
    clearError();
    void controller.join(room, valid, password === '' ? undefined : password);
  };

  return (
    <Page>
      <Brand />
      <div className="grid w-full gap-6 md:grid-cols-[3fr_2fr] md:items-center">
        <div className="flex flex-col gap-3 md:col-start-1 md:row-start-1">
          <div className="relative aspect-video w-full overflow-hidden rounded-2xl border border-slate-800 bg-slate-900">
            <LocalCamera
              label={t('preJoin.preview')}
              off={
                media.status === 'requesting' ? t('preJoin.startingCamera') : t('preJoin.cameraOff')
              }
            />
          </div>
          <div className="flex items-center gap-3">
            <MediaToggles />
            <div className="flex-1">
              <MicLevelMeter />
            </div>
          </div>
          <EffectsToggles />
        </div>
        {/* On phones the form comes right after the preview; device choice follows it. */}
        <section className="flex flex-col gap-4 md:col-start-2 md:row-span-2 md:row-start-1">
          <div>
            <p className="text-sm text-slate-400">{t('preJoin.ready')}</p>
            <h1
              ref={heading}
              tabIndex={-1}
              className="text-2xl font-semibold break-words focus:outline-none"
            >
              {room}
            </h1>
          </div>
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
            <TextField
              label={t('preJoin.yourName')}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="nickname"
              maxLength={64}
              aria-invalid={nameInvalid}
            />
            {(relayAvailable || relayOnly) && (
              <RelayOnlySwitch
                checked={relayOnly}
                available={relayAvailable}
                onChange={(v) => controller.setRelayOnly(v)}
              />
            )}
            {showPassword ? (
              <TextField
                label={t('preJoin.password')}
                type="password"
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                autoComplete="off"
                maxLength={128}
                aria-invalid={error === 'wrong-password'}
                // Asked for by the server: the person's next step is typing it.
                autoFocus={error === 'wrong-password'}
              />
            ) : (
              <button
                type="button"
                onClick={() => setWantsPassword(true)}
                className="self-start text-sm text-slate-400 underline hover:text-slate-200"
              >
                {t('preJoin.setPassword')}
              </button>
            )}
            {nameInvalid && <Alert>{t('error.invalid-name')}</Alert>}
            {error && <Alert>{t(errorKey(error))}</Alert>}
            {media.error && (
              <div className="flex flex-col gap-2">
                <Alert tone="info">{t(errorKey(media.error))}</Alert>
                <button
                  type="button"
                  onClick={() => void controller.retryMedia()}
                  disabled={media.status === 'requesting'}
                  className="self-start text-sm text-indigo-300 underline hover:text-indigo-200"
                >
                  {t('preJoin.retryMedia')}
                </button>
              </div>
            )}
            <button type="submit" className={primaryButtonClass} disabled={joining}>
              {joining ? t('preJoin.joining') : t('preJoin.join')}
            </button>
          </form>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <Link href="/" className="text-sm text-slate-400 underline hover:text-slate-200">
              {t('preJoin.back')}
            </Link>
            <LanguageSwitch />
          </div>
        </section>
        <div className="md:col-start-1 md:row-start-2 md:self-start">
          <DeviceSelects />
        </div>
      </div>
    </Page>
  );
}
