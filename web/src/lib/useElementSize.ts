import { useCallback, useState } from 'react';
import type { RefCallback } from 'react';

export interface ElementSize {
  width: number;
  height: number;
}

const NONE: ElementSize = { width: 0, height: 0 };

/**
 * The size of the element given the returned ref, in CSS pixels, followed as
 * it changes (0 × 0 until it is first laid out). Measured when it mounts,
 * before the browser paints, so the first frame already has the right size.
 */
export function useElementSize<T extends HTMLElement>(): [RefCallback<T>, ElementSize] {
  const [size, setSize] = useState(NONE);
  const ref = useCallback((element: T | null) => {
    if (!element) return;
    const measure = () => {
      const { width, height } = element.getBoundingClientRect();
      setSize((prev) =>
        prev.width === width && prev.height === height ? prev : { width, height },
      );
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, size];
}
