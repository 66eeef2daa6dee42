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
