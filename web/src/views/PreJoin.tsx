import { useEffect, useId, useState } from 'react';
import type { SubmitEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { normalizeDisplayName } from '../../../signal/names.ts';
import { controller } from '../lib/controller.ts';
import { errorMessages } from '../lib/errors.ts';
import { loadName, saveName } from '../lib/storage.ts';
import { selectError, selectMedia, selectPhase, useAppStore } from '../store/index.ts';
import { Alert, Brand, Link, Page, inputClass, primaryButtonClass } from '../components/Layout.tsx';
import { VideoSurface } from '../components/VideoSurface.tsx';

export function PreJoin({ room }: { room: string }) {
  const phase = useAppStore(selectPhase);
  const error = useAppStore(selectError);
  const media = useAppStore(useShallow(selectMedia));
  const clearError = useAppStore((s) => s.clearError);
  const [name, setName] = useState(loadName);
  const [nameInvalid, setNameInvalid] = useState(false);
  const nameId = useId();
  const joining = phase === 'joining';

  useEffect(() => {
    void controller.prepareMedia();
  }, []);

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const valid = normalizeDisplayName(name);
    setNameInvalid(valid === null);
    if (valid === null) return;
    saveName(valid);
    clearError();
    void controller.join(room, valid);
  };

  return (
    <Page>
      <Brand />
      <div className="grid w-full gap-6 md:grid-cols-[3fr_2fr] md:items-center">
        <div className="relative aspect-video w-full overflow-hidden rounded-2xl border border-slate-800 bg-slate-900">
          {media.hasVideo ? (
            <VideoSurface
              stream={controller.local}
              version={media.version}
              muted
              mirrored
              label="Your camera preview"
            />
          ) : (
            <div className="flex h-full items-center justify-center text-slate-400">
              {media.status === 'requesting' ? 'Starting camera…' : 'Camera is off'}
            </div>
          )}
        </div>
        <section className="flex flex-col gap-4">
          <div>
            <p className="text-sm text-slate-400">Ready to join?</p>
            <h1 className="text-2xl font-semibold break-words">{room}</h1>
          </div>
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
            <div className="flex flex-col gap-1.5">
              <label htmlFor={nameId} className="text-sm font-medium text-slate-300">
                Your name
              </label>
              <input
                id={nameId}
                className={inputClass}
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoComplete="nickname"
                maxLength={64}
                aria-invalid={nameInvalid}
              />
            </div>
            {nameInvalid && <Alert>{errorMessages['invalid-name']}</Alert>}
            {error && <Alert>{errorMessages[error]}</Alert>}
            {media.error && (
              <div className="flex flex-col gap-2">
                <Alert tone="info">{errorMessages[media.error]}</Alert>
                <button
                  type="button"
                  onClick={() => void controller.retryMedia()}
                  disabled={media.status === 'requesting'}
                  className="self-start text-sm text-indigo-300 underline hover:text-indigo-200"
                >
                  Try camera and microphone again
                </button>
              </div>
            )}
            <button type="submit" className={primaryButtonClass} disabled={joining}>
              {joining ? 'Joining…' : 'Join call'}
            </button>
          </form>
          <Link href="/" className="text-sm text-slate-400 underline hover:text-slate-200">
            Back to the lobby
          </Link>
        </section>
      </div>
    </Page>
  );
}
