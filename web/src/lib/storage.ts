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
