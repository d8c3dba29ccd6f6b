import type { Case } from '@sohoa/contracts';
import { useEffect, useRef, useState } from 'react';
import { describeError } from '../errors.ts';
import { useI18n } from '../i18n/i18n.tsx';
import {
  contentLengthOf,
  downloadFileName,
  fetchFile,
  formatBytes,
  isAbortError,
  percentOf,
  readWithProgress,
  saveBlob,
  type DownloadProgress,
} from '../lib/download.ts';
import type { useCaseData } from '../lib/use-case-data.ts';
import { ErrorAlert } from './Alerts.tsx';
import '../workspace.css';

type Data = ReturnType<typeof useCaseData>;

type Job =
  | { status: 'idle' }
  | { status: 'waiting' }
  | { status: 'running'; progress: DownloadProgress }
  | { status: 'done'; bytes: number; fileName: string }
  | { status: 'cancelled' }
  | { status: 'failed'; error: unknown };

const enc = encodeURIComponent;

/**
 * The case's files: the digital case file (PDF: whole case or one volume, PDF/A or working copy,
 * optionally a watermarked copy), the index as DOCX and XLSX, and the transfer package. Each
 * download shows its bytes (and % when the size is announced), can be cancelled, and is saved with
 * a Vietnamese file name.
 */
export function DownloadsPanel({ caseInfo, data }: { caseInfo: Case; data: Data }) {
  const { t } = useI18n();
  const [profile, setProfile] = useState<'pdfa' | 'working'>('pdfa');
  const [volume, setVolume] = useState('');
  const [watermark, setWatermark] = useState(false);
  const [force, setForce] = useState(false);
  const [withDocuments, setWithDocuments] = useState(true);
  const code = caseInfo.nationalCode ?? caseInfo.internalNumber;
  const base = `/api/cases/${enc(caseInfo.id)}`;
  const pdfQuery = new URLSearchParams({ profile });
  if (volume) {
    pdfQuery.set('volume', volume);
  }
  if (watermark) {
    pdfQuery.set('watermark', 'true');
  }
  if (force) {
    pdfQuery.set('force', 'true');
  }

  return (
    <div className="downloads">
      <section className="panel panel-full" aria-labelledby="dl-pdf-title">
        <h2 id="dl-pdf-title">{t('downloads.pdfTitle')}</h2>
        <p className="muted">{t('downloads.pdfHint')}</p>
        <div className="download-options">
          <fieldset className="radio-group">
            <legend>{t('downloads.profile')}</legend>
            <label className="checkbox">
              <input
                type="radio"
                name="pdf-profile"
                checked={profile === 'pdfa'}
                onChange={() => setProfile('pdfa')}
              />
              {t('downloads.profilePdfa')}
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="pdf-profile"
                checked={profile === 'working'}
                onChange={() => setProfile('working')}
              />
              {t('downloads.profileWorking')}
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="pdf-volume">{t('downloads.volume')}</label>
            <select id="pdf-volume" value={volume} onChange={(e) => setVolume(e.target.value)}>
              <option value="">{t('downloads.allVolumes')}</option>
              {data.volumes.map((v) => (
                <option key={v.id} value={String(v.number)}>
                  {t('import.volume', { n: v.number })}
                  {v.title ? ` — ${v.title}` : ''}
                </option>
              ))}
            </select>
          </div>
          <label className="checkbox">
            <input
              type="checkbox"
              checked={watermark}
              onChange={(e) => setWatermark(e.target.checked)}
            />
            {t('downloads.watermark')}
          </label>
          <label className="checkbox">
            <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
            {t('downloads.force')}
          </label>
        </div>
        <DownloadButton
          label={t('downloads.pdfButton')}
          url={`${base}/export.pdf?${pdfQuery.toString()}`}
          fileName={downloadFileName({
            prefix: t('downloads.pdfFile'),
            code,
            title: caseInfo.title,
            suffix: [
              volume ? t('import.volume', { n: volume }) : null,
              watermark ? t('downloads.copySuffix') : null,
            ]
              .filter(Boolean)
              .join(' '),
            extension: 'pdf',
          })}
          type="application/pdf"
          waitingText={t('downloads.pdfWaiting')}
        />
      </section>

      <section className="panel panel-full" aria-labelledby="dl-index-title">
        <h2 id="dl-index-title">{t('downloads.indexTitle')}</h2>
        <p className="muted">{t('downloads.indexHint')}</p>
        <div className="button-row download-pair">
          <IndexDownload caseInfo={caseInfo} format="docx" />
          <IndexDownload caseInfo={caseInfo} format="xlsx" />
        </div>
      </section>

      <section className="panel panel-full" aria-labelledby="dl-package-title">
        <h2 id="dl-package-title">{t('downloads.packageTitle')}</h2>
        <p className="muted">{t('downloads.packageHint')}</p>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={withDocuments}
            onChange={(e) => setWithDocuments(e.target.checked)}
          />
          {t('downloads.packageWithDocuments')}
        </label>
        <DownloadButton
          label={t('downloads.packageButton')}
          url={`${base}/package.zip${withDocuments ? '' : '?documents=false'}`}
          fileName={downloadFileName({
            prefix: t('downloads.packageFile'),
            code,
            title: caseInfo.title,
            extension: 'zip',
          })}
          type="application/zip"
          waitingText={t('downloads.packageWaiting')}
        />
      </section>
    </div>
  );
}

function IndexDownload({ caseInfo, format }: { caseInfo: Case; format: 'docx' | 'xlsx' }) {
  const { language, t } = useI18n();
  return (
    <div className="download-item">
      <DownloadButton
        label={format === 'docx' ? t('downloads.docxButton') : t('downloads.xlsxButton')}
        url={`/api/cases/${enc(caseInfo.id)}/index.${format}?lang=${language}`}
        fileName={downloadFileName({
          prefix: t('downloads.indexFile'),
          code: caseInfo.nationalCode ?? caseInfo.internalNumber,
          title: caseInfo.title,
          extension: format,
        })}
        type={
          format === 'docx'
            ? 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'
            : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
        }
        waitingText={t('downloads.indexWaiting')}
      />
    </div>
  );
}

/** One download: the button, then progress with a cancel button, then the result or the error. */
function DownloadButton({
  label,
  url,
  fileName,
  type,
  waitingText,
}: {
  label: string;
  url: string;
  fileName: string;
  type: string;
  waitingText: string;
}) {
  const { language, t } = useI18n();
  const [job, setJob] = useState<Job>({ status: 'idle' });
  const controller = useRef<AbortController | null>(null);
  // Leaving the screen cancels a download in progress.
  useEffect(() => () => controller.current?.abort(), []);

  async function start() {
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setJob({ status: 'waiting' });
    try {
      const { body, headers } = await fetchFile({ url, language, signal: abort.signal });
      const total = contentLengthOf(headers);
      let last = 0;
      const chunks = await readWithProgress({
        body,
        total,
        signal: abort.signal,
        onProgress: (progress) => {
          // At most ~10 renders a second, however small the chunks.
          const now = performance.now();
          if (now - last > 100 || progress.loaded === total) {
            last = now;
            setJob({ status: 'running', progress });
          }
        },
      });
      const blob = new Blob(chunks as BlobPart[], { type });
      saveBlob(blob, fileName);
      setJob({ status: 'done', bytes: blob.size, fileName });
    } catch (error) {
      setJob(isAbortError(error) ? { status: 'cancelled' } : { status: 'failed', error });
    } finally {
      if (controller.current === abort) {
        controller.current = null;
      }
    }
  }

  const busy = job.status === 'waiting' || job.status === 'running';
  const percent = job.status === 'running' ? percentOf(job.progress) : null;
  return (
    <div className="download" aria-busy={busy}>
      <div className="button-row">
        <button
          type="button"
          className="button-primary"
          aria-disabled={busy}
          onClick={() => !busy && void start()}
        >
          {label}
        </button>
        {busy && (
          <button
            type="button"
            className="button-secondary"
            onClick={() => controller.current?.abort()}
          >
            {t('downloads.cancel')}
          </button>
        )}
      </div>
      <div className="download-status" role="status" aria-live="polite">
        {job.status === 'waiting' && (
          <p>
            <span className="spinner" aria-hidden="true" /> {waitingText}
          </p>
        )}
        {job.status === 'running' && (
          <>
            {percent !== null ? (
              <progress max={100} value={percent} aria-label={label} />
            ) : (
              <span className="spinner" aria-hidden="true" />
            )}
            <span>
              {percent !== null && job.progress.total !== null
                ? t('downloads.progressKnown', {
                    loaded: formatBytes(job.progress.loaded, language),
                    total: formatBytes(job.progress.total, language),
                    percent,
                  })
                : t('downloads.progressUnknown', {
                    loaded: formatBytes(job.progress.loaded, language),
                  })}
            </span>
          </>
        )}
        {job.status === 'done' && (
          <p className="download-done">
            {t('downloads.done', { name: job.fileName, size: formatBytes(job.bytes, language) })}
          </p>
        )}
        {job.status === 'cancelled' && <p>{t('downloads.cancelled')}</p>}
      </div>
      {job.status === 'failed' && <ErrorAlert lines={describeError(job.error, t)} />}
    </div>
  );
}
