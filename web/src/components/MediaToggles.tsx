import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import { useT } from '../i18n/index.ts';
import { selectMedia, useAppStore } from '../store/index.ts';
import { ControlButton } from './ControlButton.tsx';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons.tsx';

/** Microphone and camera toggles, the same before and during a call. */
export function MediaToggles() {
  const media = useAppStore(useShallow(selectMedia));
  const t = useT();
  return (
    <>
      <ControlButton
        label={t('control.microphone')}
        hint={media.micOn ? t('control.microphoneOffHint') : t('control.microphoneOnHint')}
        pressed={media.micOn}
        danger={!media.micOn}
        onClick={() => void controller.toggleMicrophone()}
      >
        {media.micOn ? <MicIcon /> : <MicOffIcon />}
      </ControlButton>
      <ControlButton
        label={t('control.camera')}
        hint={media.cameraOn ? t('control.cameraOffHint') : t('control.cameraOnHint')}
        pressed={media.cameraOn}
        danger={!media.cameraOn}
        onClick={() => void controller.toggleCamera()}
      >
        {media.cameraOn ? <CameraIcon /> : <CameraOffIcon />}
      </ControlButton>
    </>
  );
}
