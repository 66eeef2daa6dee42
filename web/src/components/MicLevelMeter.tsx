import { useEffect, useRef } from 'react';
import { controller } from '../lib/controller.ts';
import { useT } from '../i18n/index.ts';

/**
 * How often the bar follows the level: a timer, unlike requestAnimationFrame, asks the page for
 * no frame when nothing changed (redrawn sixty times a second, the meter cost an idle pre-join
 * page about a tenth of a core: docs/performance.md). The bar jumps from step to step: a CSS
 * transition between updates this close together kept the compositor drawing the whole page,
 * camera preview included, every display frame.
 */
const UPDATES_PER_SECOND = 20;
/** Steps of the bar: a change smaller than one is not drawn. */
const STEPS = 50;
const ANNOUNCE_MS = 500;

/** A live microphone level bar, drawn outside React's render cycle. */
export function MicLevelMeter() {
  const meter = useRef<HTMLDivElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  const t = useT();
  useEffect(() => {
    let shown = -1;
    let announced = -1;
    let lastAnnounced = 0;
    const timer = setInterval(() => {
      const step = Math.round(controller.micLevel() * STEPS);
      if (step !== shown && bar.current) {
        bar.current.style.transform = `scaleX(${step / STEPS})`;
        shown = step;
      }
      // Assistive technology gets the value a couple of times a second, and only when it moved.
      const now = performance.now();
      const percent = Math.round((step / STEPS) * 100);
      if (meter.current && percent !== announced && now - lastAnnounced >= ANNOUNCE_MS) {
        meter.current.setAttribute('aria-valuenow', String(percent));
        announced = percent;
        lastAnnounced = now;
      }
    }, 1000 / UPDATES_PER_SECOND);
    return () => clearInterval(timer);
  }, []);
  return (
    <div
      ref={meter}
      role="meter"
      aria-label={t('micLevel.label')}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={0}
      className="h-2 w-full overflow-hidden rounded-full bg-slate-800"
    >
      <div
        ref={bar}
        className="h-full origin-left bg-emerald-400 will-change-transform"
        style={{ transform: 'scaleX(0)' }}
      />
    </div>
  );
}
