import type { IntakeResult, Progress } from '@sohoa/contracts';
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import type { DragEvent } from 'react';
import { sessionCsrfToken } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { filesFromDrop, filesFromInput, type PickedFile } from '../lib/dropped-files.ts';
import { createTusUploader } from '../lib/tus-uploader.ts';
import {
  createUploadQueue,
  summarizeUploads,
  type UploadEntry,
  type UploadQueue,
} from '../lib/upload-queue.ts';
import type { useCaseData } from '../lib/use-case-data.ts';

type Data = ReturnType<typeof useCaseData>;

interface UploadStore {
  queue: UploadQueue<File>;
  entries: () => readonly UploadEntry[];
  subscribe: (listener: () => void) => () => void;
}
const uploadStores = new Map<string, UploadStore>();

function uploadStoreFor(caseId: string, networkError: () => string): UploadStore {
  let store = uploadStores.get(caseId);
  if (!store) {
    const listeners = new Set<() => void>();
    const queue = createUploadQueue<File>({
      uploader: createTusUploader({ caseId, csrfToken: sessionCsrfToken, networkError }),
      // One at a time: files of a folder are pages in order, and the intake numbers them as
      // they arrive.
      concurrency: 1,
      onChange: () => listeners.forEach((l) => l()),
    });
    store = {
      queue,
      entries: queue.entries,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    };
    uploadStores.set(caseId, store);
  }
  return store;
}

/** Volumes with their live progress, a drop zone per volume, and the uploads of this visit. */
export function ImportPanel({ caseId, data }: { caseId: string; data: Data }) {
  const { t } = useI18n();
  const tRef = useRef(t);
  tRef.current = t;
  // Uploads outlive this panel (the user may go and review while files are sent): one store per
  // case for the life of the page.
  const store = uploadStoreFor(caseId, () => tRef.current('errors.network'));
  const entries = useSyncExternalStore(store.subscribe, store.entries);
  const queue = store.queue;

  const volumeNumbers = useMemo(() => {
    const numbers = new Set<number>(data.volumes.map((v) => v.number));
    data.progress?.volumes.forEach((v) => numbers.add(v.volume));
    return [...numbers].sort((a, b) => a - b);
  }, [data.volumes, data.progress]);
  const nextVolume = (volumeNumbers.at(-1) ?? 0) + 1;

  const add = (files: PickedFile[], volume: number) => {
    if (files.length > 0) {
      queue.add(files.map((f) => ({ file: f.file, name: f.name, volume })));
    }
  };

  return (
    <div className="import-layout">
      <section className="panel panel-full" aria-labelledby="progress-title">
        <h2 id="progress-title">{t('import.progressTitle')}</h2>
        <OverallProgress progress={data.progress} />
        <div className="volume-cards">
          {volumeNumbers.map((n) => (
            <VolumeCard
              key={n}
              volume={n}
              title={data.volumes.find((v) => v.number === n)?.title ?? null}
              progress={data.progress?.volumes.find((v) => v.volume === n) ?? null}
              onFiles={(files) => add(files, n)}
            />
          ))}
          <VolumeCard
            volume={nextVolume}
            isNew
            title={null}
            progress={null}
            onFiles={(files) => add(files, nextVolume)}
          />
        </div>
        {data.progress && data.progress.rejectedFiles.length > 0 && (
          <details className="rejected-files">
            <summary>
              {t('import.rejectedFiles', { count: data.progress.rejectedFiles.length })}
            </summary>
            <ul>
              {data.progress.rejectedFiles.map((f, i) => (
                <li key={i}>
                  {f.fileName} <code>{f.code}</code>
                </li>
              ))}
            </ul>
          </details>
        )}
      </section>
      {entries.length > 0 && <UploadList entries={entries} queue={queue} />}
    </div>
  );
}

function formatEta(seconds: number, t: ReturnType<typeof useI18n>['t']): string {
  if (seconds < 60) {
    return t('import.etaSeconds', { n: Math.max(1, Math.round(seconds)) });
  }
  const minutes = Math.round(seconds / 60);
  return minutes < 60
    ? t('import.etaMinutes', { n: minutes })
    : t('import.etaHours', { h: Math.floor(minutes / 60), m: minutes % 60 });
}

function OverallProgress({ progress }: { progress: Progress | null }) {
  const { t } = useI18n();
  if (!progress) {
    return <p className="muted">{t('import.progressLoading')}</p>;
  }
  if (progress.expectedPages === 0) {
    return <p className="muted">{t('import.noPagesYet')}</p>;
  }
  const handled = progress.donePages + progress.failedPages;
  return (
    <div className="overall-progress" role="status" aria-live="polite">
      <progress
        max={progress.expectedPages}
        value={handled}
        aria-label={t('import.pagesProgress')}
      />
      <p>
        {t('import.pagesDone', { done: progress.donePages, total: progress.expectedPages })}
        {progress.failedPages > 0 && (
          <strong className="text-error">
            {' · '}
            {t('import.pagesFailed', { n: progress.failedPages })}
          </strong>
        )}
        {progress.finished
          ? ` · ${t('import.finished')}`
          : `${progress.pagesPerMinute > 0 ? ` · ${t('import.speed', { n: Math.round(progress.pagesPerMinute) })}` : ''}${
              progress.etaSeconds !== null
                ? ` · ${t('import.eta', { time: formatEta(progress.etaSeconds, t) })}`
                : ''
            }`}
      </p>
    </div>
  );
}

function VolumeCard({
  volume,
  title,
  progress,
  isNew = false,
  onFiles,
}: {
  volume: number;
  title: string | null;
  progress: Progress['volumes'][number] | null;
  isNew?: boolean;
  onFiles: (files: PickedFile[]) => void;
}) {
  const { t } = useI18n();
  const [over, setOver] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  useEffect(() => {
    // Not a React prop: set on the element so the picker selects a folder.
    folderInput.current?.setAttribute('webkitdirectory', '');
  }, []);
  const heading = isNew ? t('import.newVolume', { n: volume }) : t('import.volume', { n: volume });
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    void filesFromDrop(event.dataTransfer).then(onFiles);
  };
  return (
    <section className={`volume-card${isNew ? ' volume-card-new' : ''}`} aria-label={heading}>
      <h3>
        {heading}
        {title && <span className="muted"> — {title}</span>}
      </h3>
      {progress && (
        <p className="volume-stats">
          {t('import.volumeStats', {
            done: progress.done,
            total: Math.max(progress.expectedPages, progress.pages),
          })}
          {progress.failed > 0 && (
            <strong className="text-error">
              {' '}
              · {t('import.pagesFailed', { n: progress.failed })}
            </strong>
          )}
          {progress.splitting > 0 && <> · {t('import.splitting', { n: progress.splitting })}</>}
        </p>
      )}
      {progress && (
        <progress
          max={Math.max(1, progress.expectedPages, progress.pages)}
          value={progress.done + progress.failed}
          aria-label={t('import.volumeProgress', { n: volume })}
        />
      )}
      <div
        className={`drop-zone${over ? ' drop-zone-over' : ''}`}
        data-testid={`drop-zone-${volume}`}
        onDragEnter={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragOver={(e) => {
          e.preventDefault();
          e.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>{t('import.dropHere')}</p>
        <div className="drop-actions">
          <button
            type="button"
            className="button-secondary"
            onClick={() => fileInput.current?.click()}
          >
            {t('import.pickFiles')}
          </button>
          <button
            type="button"
            className="button-secondary"
            onClick={() => folderInput.current?.click()}
          >
            {t('import.pickFolder')}
          </button>
        </div>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          aria-label={t('import.pickFilesFor', { n: volume })}
          accept=".pdf,.tif,.tiff,.jpg,.jpeg,.png,.zip,application/pdf,image/*,application/zip"
          onChange={(e) => {
            onFiles(filesFromInput(e.target.files));
            e.target.value = '';
          }}
        />
        <input
          ref={folderInput}
          type="file"
          multiple
          hidden
          aria-label={t('import.pickFolderFor', { n: volume })}
          onChange={(e) => {
            onFiles(filesFromInput(e.target.files));
            e.target.value = '';
          }}
        />
      </div>
    </section>
  );
}

function UploadList({
  entries,
  queue,
}: {
  entries: readonly UploadEntry[];
  queue: UploadQueue<File>;
}) {
  const { t } = useI18n();
  const summary = summarizeUploads(entries);
  return (
    <section className="panel panel-full" aria-labelledby="uploads-title">
      <div className="panel-heading">
        <h2 id="uploads-title">{t('import.uploadsTitle')}</h2>
        <p className="muted" role="status">
          {t('import.uploadsSummary', {
            finished: summary.finished,
            files: summary.files,
            accepted: summary.accepted,
            duplicate: summary.duplicate,
            rejected: summary.rejected,
          })}
        </p>
      </div>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('import.colFile')}</th>
              <th scope="col">{t('import.colVolume')}</th>
              <th scope="col">{t('import.colProgress')}</th>
              <th scope="col">{t('import.colResult')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('import.colActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.id} data-status={e.status}>
                <td className="file-name">{e.name}</td>
                <td>{e.volume}</td>
                <td>
                  <progress
                    max={Math.max(1, e.size)}
                    value={e.sent}
                    aria-label={t('import.fileProgress', { name: e.name })}
                  />{' '}
                  <span className="muted">
                    {formatBytes(e.sent)} / {formatBytes(e.size)}
                  </span>
                </td>
                <td>
                  <UploadResult entry={e} />
                </td>
                <td>
                  {(e.status === 'queued' || e.status === 'uploading') && (
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => queue.cancel(e.id)}
                    >
                      {t('import.cancel')}
                    </button>
                  )}
                  {(e.status === 'failed' || e.status === 'cancelled') && (
                    <button
                      type="button"
                      className="button-small"
                      onClick={() => queue.retry(e.id)}
                    >
                      {t('import.retry')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {summary.finished > 0 && (
        <button type="button" className="button-secondary" onClick={() => queue.clearFinished()}>
          {t('import.clearFinished')}
        </button>
      )}
    </section>
  );
}

function UploadResult({ entry }: { entry: UploadEntry }) {
  const { t } = useI18n();
  switch (entry.status) {
    case 'queued':
      return <span className="muted">{t('import.queued')}</span>;
    case 'uploading':
      return <span>{t('import.uploading')}</span>;
    case 'cancelled':
      return <span className="muted">{t('import.cancelled')}</span>;
    case 'failed':
      return <span className="text-error">{entry.error ?? t('errors.network')}</span>;
    case 'done':
      return (
        <ul className="result-list">
          {entry.results.map((r, i) => (
            <li key={i}>
              <ResultLine result={r} many={entry.results.length > 1} />
            </li>
          ))}
        </ul>
      );
  }
}

function ResultLine({ result, many }: { result: IntakeResult; many: boolean }) {
  const { language, t } = useI18n();
  const prefix = many ? `${result.fileName}: ` : '';
  switch (result.status) {
    case 'accepted':
      return (
        <span className="result-accepted">
          {prefix}
          {t('import.accepted', { pages: result.pageCount })}
        </span>
      );
    case 'duplicate':
      return (
        <span className="result-duplicate">
          {prefix}
          {t('import.duplicate', { volume: result.volumeNumber })}
        </span>
      );
    case 'rejected':
      return (
        <span className="text-error">
          {prefix}
          {t('import.rejected')}: {result.messages[language]}
        </span>
      );
  }
}

function formatBytes(n: number): string {
  if (n < 1024) {
    return `${n} B`;
  }
  if (n < 1024 * 1024) {
    return `${(n / 1024).toFixed(0)} KB`;
  }
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
