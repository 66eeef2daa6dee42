import { useShallow } from 'zustand/react/shallow';
import { controller } from '../lib/controller.ts';
import { selectMedia, useAppStore } from '../store/index.ts';
import { ControlButton } from './ControlButton.tsx';
import { CameraIcon, CameraOffIcon, MicIcon, MicOffIcon } from './icons.tsx';

/** Microphone and camera toggles, the same before and during a call. */
export function MediaToggles() {
  const media = useAppStore(useShallow(selectMedia));
  return (
    <>
      <ControlButton
        label="Microphone"
        hint={media.micOn ? 'Turn off microphone (M)' : 'Turn on microphone (M)'}
        pressed={media.micOn}
        danger={!media.micOn}
        onClick={() => void controller.toggleMicrophone()}
      >
        {media.micOn ? <MicIcon /> : <MicOffIcon />}
      </ControlButton>
      <ControlButton
        label="Camera"
        hint={media.cameraOn ? 'Turn off camera (V)' : 'Turn on camera (V)'}
        pressed={media.cameraOn}
        danger={!media.cameraOn}
        onClick={() => void controller.toggleCamera()}
      >
        {media.cameraOn ? <CameraIcon /> : <CameraOffIcon />}
      </ControlButton>
    </>
  );
}
