import { Children, useLayoutEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { gridLayout } from '../lib/gridLayout.ts';

const GAP = 12;

/**
 * Lays out `count` equally sized tiles to fill the space it is given, for
 * any window shape; the last row is centred when it is not full.
 */
export function TileGrid({ children }: { children: ReactNode }) {
  const count = Children.count(children);
  const ref = useRef<HTMLDivElement>(null);
  const [size, setSize] = useState({ width: 0, height: 0 });
  useLayoutEffect(() => {
    const element = ref.current;
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
  const layout = gridLayout(count, size.width, size.height, { gap: GAP });
  return (
    <div
      ref={ref}
      className="flex h-full w-full flex-wrap content-center items-center justify-center"
      style={{ gap: GAP }}
    >
      {Children.map(children, (child) => (
        <div className="flex-none" style={{ width: layout.tileWidth, height: layout.tileHeight }}>
          {child}
        </div>
      ))}
    </div>
  );
}
