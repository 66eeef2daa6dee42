import { useSyncExternalStore } from 'react';

export type Route = { view: 'lobby' } | { view: 'room'; room: string } | { view: 'not-found' };

const NAVIGATE = 'room-call:navigate';

export function parseRoute(pathname: string): Route {
  if (pathname === '/' || pathname === '') return { view: 'lobby' };
  const match = /^\/r\/([^/]+)\/?$/.exec(pathname);
  if (match?.[1]) {
    try {
      return { view: 'room', room: decodeURIComponent(match[1]) };
    } catch {
      return { view: 'not-found' };
    }
  }
  return { view: 'not-found' };
}

export const roomPath = (room: string): string => `/r/${encodeURIComponent(room)}`;

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(NAVIGATE));
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE, onChange);
  };
}

const getPath = () => window.location.pathname;

/** The current route, following pushState navigation and back/forward. */
export function useRoute(): Route {
  const path = useSyncExternalStore(subscribe, getPath);
  return parseRoute(path);
}
