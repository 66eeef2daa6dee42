import { useShallow } from 'zustand/react/shallow';
import { useT } from '../../i18n/index.ts';
import { selectMedia, selectSelf, selectSelfSpeaking, useAppStore } from '../../store/index.ts';
import { LocalCamera } from '../../components/LocalCamera.tsx';
import { MicOffIcon } from '../../components/icons.tsx';
import { HandMark, TileReactions } from '../../components/TileGestures.tsx';

/** Our own camera in the stage's corner, ringed while we speak. */
export function SelfView() {
  const t = useT();
  const self = useAppStore(selectSelf);
  const media = useAppStore(useShallow(selectMedia));
  const selfSpeaking = useAppStore(selectSelfSpeaking);
  return (
    <div
      data-testid="self-view"
      data-speaking={selfSpeaking}
      data-hand-raised={self?.hand != null}
      className={`absolute right-2 bottom-2 aspect-video w-28 overflow-hidden rounded-lg border bg-slate-900 shadow-lg sm:bottom-3 sm:w-56 ${
        selfSpeaking ? 'border-emerald-400 ring-2 ring-emerald-400' : 'border-slate-700'
      }`}
    >
      <LocalCamera label={t('call.yourCamera')} off={t('call.cameraOff')} small />
      {self?.hand != null && <HandMark small />}
      <TileReactions from={null} />
      <span className="absolute bottom-1 left-1 flex max-w-[95%] items-center gap-1 truncate rounded bg-slate-950/70 px-1.5 text-xs">
        {!media.micOn && <MicOffIcon className="h-3.5 w-3.5 shrink-0 text-rose-300" />}
        {t('call.you', { name: self?.name ?? '' })}
      </span>
    </div>
  );
}
