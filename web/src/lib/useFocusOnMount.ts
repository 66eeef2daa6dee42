import { useEffect, useRef } from 'react';

/**
 * Moves focus to an element (a view's heading, with tabIndex -1) when a view
 * appears, so keyboard and screen-reader users start at its top instead of
 * on a control that no longer exists.
 */
export function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => {
    ref.current?.focus({ preventScroll: true });
  }, []);
  return ref;
}
