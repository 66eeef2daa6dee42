/** Small, failure-tolerant wrappers: storage can be disabled or full. */
const NAME_KEY = 'room-call:name';

export function loadName(): string {
  try {
    return localStorage.getItem(NAME_KEY) ?? '';
  } catch {
    return '';
  }
}

export function saveName(name: string): void {
  try {
    localStorage.setItem(NAME_KEY, name);
  } catch {
    // Not remembering the name is acceptable.
  }
}

const RELAY_ONLY_KEY = 'room-call:relay-only';

/** The person's relay-only choice; null when they never chose (the server's default applies). */
export function loadRelayOnly(): boolean | null {
  try {
    const value = localStorage.getItem(RELAY_ONLY_KEY);
    return value === 'true' ? true : value === 'false' ? false : null;
  } catch {
    return null;
  }
}

export function saveRelayOnly(relayOnly: boolean): void {
  try {
    localStorage.setItem(RELAY_ONLY_KEY, String(relayOnly));
  } catch {
    // The choice then lasts for this page only.
  }
}

const DEVICES_KEY = 'room-call:devices';
const DEVICE_KINDS = ['audioinput', 'videoinput', 'audiooutput'] as const;
type DeviceKind = (typeof DEVICE_KINDS)[number];

/** The camera, microphone and speaker chosen last time (device ids of this origin). */
export function loadDeviceChoice(): Partial<Record<DeviceKind, string>> {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(DEVICES_KEY) ?? '{}');
    if (typeof raw !== 'object' || raw === null) return {};
    const out: Partial<Record<DeviceKind, string>> = {};
    for (const kind of DEVICE_KINDS) {
      const value = (raw as Record<string, unknown>)[kind];
      if (typeof value === 'string' && value.length > 0 && value.length < 256) out[kind] = value;
    }
    return out;
  } catch {
    return {};
  }
}

export function saveDeviceChoice(kind: DeviceKind, deviceId: string): void {
  try {
    localStorage.setItem(DEVICES_KEY, JSON.stringify({ ...loadDeviceChoice(), [kind]: deviceId }));
  } catch {
    // Not remembering the device is acceptable.
  }
}

const EFFECTS_KEY = 'room-call:effects';
export type NoiseMode = 'off' | 'browser' | 'strong';
export interface EffectsChoice {
  blur: boolean;
  /** The browser's noise suppression, RNNoise on top of it (strong), or none. */
  noise: NoiseMode;
}

/** Background blur and noise suppression as chosen last time (the browser's defaults else). */
export function loadEffects(): EffectsChoice {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(EFFECTS_KEY) ?? '{}');
    const value = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
    const noise = value.noise;
    return {
      blur: value.blur === true,
      noise: noise === 'off' || noise === 'strong' ? noise : 'browser',
    };
  } catch {
    return { blur: false, noise: 'browser' };
  }
}

export function saveEffects(choice: EffectsChoice): void {
  try {
    localStorage.setItem(EFFECTS_KEY, JSON.stringify(choice));
  } catch {
    // The choice then lasts for this page only.
  }
}
