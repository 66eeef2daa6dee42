import { useId } from 'react';
import { controller } from '../lib/controller.ts';
import { formatBytes } from '../lib/formatBytes.ts';
import { isFinal } from '../rtc/files/FileTransfers.ts';
import { selectTransfers, useAppStore } from '../store/index.ts';
import type { FileTransfer } from '../store/index.ts';
import { useLocale, useT } from '../i18n/index.ts';
import type { MessageKey, Translate } from '../i18n/index.ts';

const smallButton =
  'rounded-md px-2 py-1 text-xs font-medium focus-visible:ring-2 focus-visible:ring-indigo-300 focus-visible:outline-none';
const plainButton = `${smallButton} bg-slate-700 text-slate-100 hover:bg-slate-600`;

/** Files offered in this call, both ways. Names render as text only, never as markup. */
export function FileTransferList() {
  const transfers = useAppStore(selectTransfers);
  const t = useT();
  const headingId = useId();
  if (transfers.length === 0) return null;
  return (
    <section aria-labelledby={headingId} className="max-h-[40%] shrink-0 overflow-y-auto">
      <h3 id={headingId} className="sr-only">
        {t('files.list')}
      </h3>
      <ul className="space-y-2">
        {transfers.map((transfer) => (
          <TransferItem key={transfer.key} transfer={transfer} />
        ))}
      </ul>
    </section>
  );
}

function TransferItem({ transfer: f }: { transfer: FileTransfer }) {
  const t = useT();
  const locale = useLocale();
  const percent = f.size > 0 ? Math.floor((f.bytes / f.size) * 100) : 100;
  const who = t(f.direction === 'in' ? 'files.from' : 'files.to', { name: f.peerName });
  return (
    <li
      data-testid="file-transfer"
      data-status={f.status}
      className="rounded-lg border border-slate-700 bg-slate-800/60 p-2 text-sm"
    >
      <p data-testid="file-name" className="font-medium break-all">
        {f.name}
      </p>
      <p className="text-xs text-slate-400">
        <span data-testid="file-size">{formatBytes(f.size, locale)}</span>
        {' · '}
        <span data-testid="file-type">{f.mime || 'application/octet-stream'}</span>
        {' · '}
        {who}
      </p>
      {f.status === 'transferring' && (
        <div className="mt-1">
          <progress
            className="h-2 w-full accent-indigo-500"
            max={100}
            value={percent}
            aria-label={t('files.progress', { name: f.name })}
          />
          <p data-testid="file-rate" className="text-xs text-slate-300">
            {t('files.rate', { percent, speed: formatBytes(f.bytesPerSecond, locale) })}
          </p>
        </div>
      )}
      <p
        role="status"
        className={`text-xs ${f.status === 'failed' ? 'text-red-300' : 'text-slate-300'}`}
      >
        {statusText(f, t)}
      </p>
      <div className="mt-1 flex flex-wrap gap-2">
        {f.status === 'offered' && (
          <>
            <button
              type="button"
              className={`${smallButton} bg-indigo-600 text-white hover:bg-indigo-500`}
              onClick={() => controller.acceptFile(f.key)}
            >
              {t('files.accept')}
            </button>
            <button
              type="button"
              className={plainButton}
              onClick={() => controller.declineFile(f.key)}
            >
              {t('files.decline')}
            </button>
          </>
        )}
        {(f.status === 'waiting' || f.status === 'transferring' || f.status === 'verifying') && (
          <button
            type="button"
            className={plainButton}
            onClick={() => controller.cancelFile(f.key)}
          >
            {t('files.cancel')}
          </button>
        )}
        {f.url && (
          <a
            href={f.url}
            download={f.name}
            className={`${smallButton} bg-indigo-600 text-white hover:bg-indigo-500`}
          >
            {t('files.download')}
          </a>
        )}
        {isFinal(f) && (
          <button
            type="button"
            className={plainButton}
            onClick={() => controller.dismissFile(f.key)}
          >
            {t('files.remove')}
          </button>
        )}
      </div>
    </li>
  );
}

function statusText(f: FileTransfer, t: Translate): string {
  const name = f.peerName;
  const byPeer = f.by === 'peer';
  const keys: Partial<Record<FileTransfer['status'], MessageKey>> = {
    offered: 'files.offered',
    waiting: 'files.waiting',
    verifying: 'files.verifying',
    done: f.direction === 'in' ? 'files.received' : 'files.sent',
    declined: byPeer ? 'files.declinedPeer' : 'files.declinedSelf',
    cancelled: byPeer ? 'files.cancelledPeer' : 'files.cancelledSelf',
    failed: `files.${f.failure ?? 'connection'}`,
  };
  const key = keys[f.status];
  return key ? t(key, { name }) : '';
}
