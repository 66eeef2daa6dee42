import { useId } from 'react';
import { controller } from '../lib/controller.ts';
import { canChooseSpeaker } from '../rtc/devices.ts';
import { selectChosenDevices, selectDevices, useAppStore } from '../store/index.ts';
import type { DeviceKind } from '../store/index.ts';
import { inputClass } from './Layout.tsx';
import { useT } from '../i18n/index.ts';
import type { MessageKey } from '../i18n/index.ts';

const rows: { kind: DeviceKind; label: MessageKey }[] = [
  { kind: 'videoinput', label: 'devices.camera' },
  { kind: 'audioinput', label: 'devices.microphone' },
  { kind: 'audiooutput', label: 'devices.speaker' },
];

function DeviceSelect({ kind, label }: { kind: DeviceKind; label: MessageKey }) {
  const id = useId();
  const t = useT();
  const devices = useAppStore(selectDevices).filter((d) => d.kind === kind);
  const picked = useAppStore(selectChosenDevices)[kind];
  if (devices.length === 0) return null;
  // Nothing picked yet means the system default, which browsers list as "default".
  const chosen = picked ?? (devices.some((d) => d.deviceId === 'default') ? 'default' : undefined);
  const known = devices.some((d) => d.deviceId === chosen);
  return (
    <div className="flex flex-col gap-1">
      <label htmlFor={id} className="text-sm text-slate-300">
        {t(label)}
      </label>
      <select
        id={id}
        className={inputClass}
        value={known ? chosen : ''}
        onChange={(e) => void controller.chooseDevice(kind, e.target.value)}
      >
        {!known && <option value="">{t('devices.default')}</option>}
        {devices.map((d) => (
          <option key={d.deviceId} value={d.deviceId}>
            {d.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** Camera, microphone and (where the browser allows) speaker choice. */
export function DeviceSelects() {
  const speaker = canChooseSpeaker();
  return (
    <div className="flex flex-col gap-3">
      {rows
        .filter((r) => r.kind !== 'audiooutput' || speaker)
        .map((r) => (
          <DeviceSelect key={r.kind} kind={r.kind} label={r.label} />
        ))}
    </div>
  );
}
