import { useEffect, useRef } from 'react';
import { controller } from '../lib/controller.ts';
import { useT } from '../i18n/index.ts';

/** A live microphone level bar, drawn outside React's render cycle (every frame). */
export function MicLevelMeter() {
  const meter = useRef<HTMLDivElement>(null);
  const bar = useRef<HTMLDivElement>(null);
  const t = useT();
  useEffect(() => {
    let frame = 0;
    let lastAnnounced = 0;
    const tick = (now: number) => {
      const level = controller.micLevel();
      if (bar.current) bar.current.style.transform = `scaleX(${level})`;
      // Assistive technology gets the value a few times a second, not sixty.
      if (meter.current && now - lastAnnounced > 500) {
        meter.current.setAttribute('aria-valuenow', String(Math.round(level * 100)));
        lastAnnounced = now;
      }
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
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
        className="h-full origin-left bg-emerald-400 transition-transform duration-75"
        style={{ transform: 'scaleX(0)' }}
      />
    </div>
  );
}
