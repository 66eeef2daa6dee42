import { useId, useState } from 'react';
import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import {
  selectMedia,
  selectMediaMode,
  selectPeerList,
  selectPeers,
  selectSelf,
  useAppStore,
} from '../store/index.ts';
import { useT } from '../i18n/index.ts';
import { matchesName } from '../lib/nameSearch.ts';
import { raisedFirst } from '../lib/handOrder.ts';
import type { RemotePeer } from '../store/index.ts';
import { inputClass } from './Layout.tsx';
import {
  CameraIcon,
  CameraOffIcon,
  HandIcon,
  MicIcon,
  MicOffIcon,
  ScreenIcon,
  SearchIcon,
} from './icons.tsx';

/** Past this many people (us included), the list gets a search box. */
const SEARCH_FROM = 11;

function States({
  audio,
  video,
  screen,
  hand,
}: {
  audio: boolean;
  video: boolean;
  screen: boolean;
  hand: boolean;
}) {
  const t = useT();
  return (
    <span className="flex items-center gap-1.5 text-slate-300">
      {hand && (
        <span role="img" aria-label={t('hand.raised')} className="text-amber-300">
          <HandIcon className="h-4 w-4" />
        </span>
      )}
      <span role="img" aria-label={audio ? t('people.micOn') : t('people.micOff')}>
        {audio ? <MicIcon className="h-4 w-4" /> : <MicOffIcon className="h-4 w-4 text-rose-300" />}
      </span>
      <span role="img" aria-label={video ? t('people.cameraOn') : t('people.cameraOff')}>
        {video ? (
          <CameraIcon className="h-4 w-4" />
        ) : (
          <CameraOffIcon className="h-4 w-4 text-rose-300" />
        )}
      </span>
      {screen && (
        <span role="img" aria-label={t('people.sharing')} className="text-sky-300">
          <ScreenIcon className="h-4 w-4" />
        </span>
      )}
    </span>
  );
}

/**
 * Everyone in the call with what they send, and the safety code of each
 * connection; in a large call, a search box to find someone by name.
 */
export function ParticipantsPanel() {
  const peers = selectPeerList(useAppStore(selectPeers));
  const self = useAppStore(selectSelf);
  const media = useAppStore(useShallow(selectMedia));
  // Safety codes compare the two ends of a direct connection; through the server there is none.
  const viaServer = useAppStore(selectMediaMode) === 'sfu';
  const headingId = useId();
  const t = useT();
  const [typed, setTyped] = useState('');
  const total = peers.length + 1;
  const searching = total >= SEARCH_FROM;
  // The box goes when the call gets small again, and its query with it.
  const query = searching ? typed : '';
  const selfShown = matchesName(self?.name ?? '', query);
  const shown = peers.filter((peer) => matchesName(peer.name, query));
  const count = shown.length + (selfShown ? 1 : 0);
  // Raised hands first, ours among them; `peer` null is our own row.
  const rows = raisedFirst<{ id: string; hand: number | null; peer: RemotePeer | null }>([
    ...(selfShown ? [{ id: self?.id ?? '', hand: self?.hand ?? null, peer: null }] : []),
    ...shown.map((peer) => ({ id: peer.id, hand: peer.hand ?? null, peer })),
  ]);
  // Escape empties the box first; only then does it close the panel.
  const onSearchKey = (event: KeyboardEvent) => {
    if (event.key !== 'Escape' || typed === '') return;
    event.stopPropagation();
    setTyped('');
  };
  return (
    <section
      aria-labelledby={headingId}
      className="flex h-full min-h-0 flex-col gap-3 overflow-y-auto"
    >
      <h2 id={headingId} tabIndex={-1} className="pr-10 text-base font-semibold focus:outline-none">
        {t('people.title', { count: total })}
      </h2>
      {searching && (
        <div className="relative">
          <SearchIcon className="pointer-events-none absolute top-1/2 left-3 h-4 w-4 -translate-y-1/2 text-slate-400" />
          <input
            type="search"
            value={typed}
            onChange={(event) => setTyped(event.target.value)}
            onKeyDown={onSearchKey}
            aria-label={t('people.search')}
            placeholder={t('people.search')}
            autoComplete="off"
            spellCheck={false}
            className={`${inputClass} pl-9`}
          />
        </div>
      )}
      {searching && (
        // Always there while searching, so that screen readers hear each new count.
        <p role="status" className={query.trim() === '' ? 'sr-only' : 'text-xs text-slate-400'}>
          {query.trim() === ''
            ? ''
            : count > 0
              ? t('people.shown', { count, total })
              : t('people.noMatch', { query: query.trim() })}
        </p>
      )}
      <ul className="space-y-3">
        {rows.map(({ peer }) =>
          peer === null ? (
            <li
              key="self"
              data-testid="participant"
              data-peer-name={self?.name}
              data-hand-raised={self?.hand != null}
              className="flex items-center justify-between gap-2"
            >
              <span className="truncate">{t('people.you', { name: self?.name ?? '' })}</span>
              <States
                audio={media.micOn}
                video={media.cameraOn}
                screen={media.sharing}
                hand={self?.hand != null}
              />
            </li>
          ) : (
            <li
              key={peer.id}
              data-testid="participant"
              data-peer-name={peer.name}
              data-hand-raised={peer.hand != null}
              className="space-y-1"
            >
              <div className="flex items-center justify-between gap-2">
                <span className="truncate">{peer.name}</span>
                <States
                  audio={peer.audio}
                  video={peer.video}
                  screen={peer.screen}
                  hand={peer.hand != null}
                />
              </div>
              <p className="text-xs text-slate-400" hidden={viaServer}>
                {t('people.safetyCode')}{' '}
                {peer.safetyCode ? (
                  <code data-testid="safety-code" className="font-mono text-sm text-slate-100">
                    {peer.safetyCode}
                  </code>
                ) : (
                  t('people.safetyWaiting')
                )}
              </p>
            </li>
          ),
        )}
      </ul>
      {peers.length > 0 && (
        <p className="text-xs text-slate-400">
          {t(viaServer ? 'people.viaServer' : 'people.safetyHelp')}
        </p>
      )}
    </section>
  );
}
