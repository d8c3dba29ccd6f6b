import type {
  Case,
  CaseStructureDto,
  IntegrityReportDto,
  Page,
  Progress,
  StructureEditDto,
  Volume,
} from '@sohoa/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../api.ts';
import { viewerImageShownAfter, viewerImagesShown } from './viewer-first-image.ts';

export interface CaseData {
  caseInfo: Case | null;
  volumes: Volume[];
  pages: Page[] | null;
  integrity: IntegrityReportDto | null;
  structure: CaseStructureDto | null;
  edits: StructureEditDto[];
  progress: Progress | null;
  /** The first load failed (case not found, no right to read it, network). */
  error: unknown;
}

/** `case` (the case's own fields, after an edit or an assignment) is only loaded when asked. */
type Part = 'pages' | 'integrity' | 'structure' | 'edits' | 'volumes' | 'case';
const ALL_PARTS: Part[] = ['pages', 'integrity', 'structure', 'edits', 'volumes'];

/**
 * Everything the case screens show, loaded once and refreshed when the pipeline moves (the
 * progress stream) or after a correction. Progress comes from server-sent events, with polling
 * as the fallback when the stream cannot be kept open (a proxy that buffers, for instance).
 */
export function useCaseData(
  caseId: string,
  onUnauthorized: (error: unknown) => boolean,
  {
    viewerFirst = false,
  }: {
    /** Opened at the viewer: the heavier lists wait for its first image (at most 2 s). */
    viewerFirst?: boolean;
  } = {},
) {
  const [data, setData] = useState<CaseData>({
    caseInfo: null,
    volumes: [],
    pages: null,
    integrity: null,
    structure: null,
    edits: [],
    progress: null,
    error: null,
  });
  const alive = useRef(true);
  // Read when a case is opened (not a reason to load it again).
  const viewerFirstRef = useRef(viewerFirst);
  viewerFirstRef.current = viewerFirst;
  const unauthorized = useRef(onUnauthorized);
  unauthorized.current = onUnauthorized;

  // The latest request of each list: an older answer arriving after a newer one (a refresh of the
  // progress stream overtaken by the one after a correction) is dropped, never shown over it.
  const latest = useRef<Partial<Record<Part, number>>>({});
  const requests = useRef(0);

  const refresh = useCallback(
    async (parts: Part[] = ALL_PARTS) => {
      const load = {
        pages: () => api.listPages(caseId).then((r) => ({ pages: r.pages })),
        integrity: () => api.integrity(caseId).then((r) => ({ integrity: r.report })),
        structure: () => api.getStructure(caseId).then((r) => ({ structure: r.structure })),
        edits: () => api.listStructureEdits(caseId).then((r) => ({ edits: r.edits })),
        volumes: () => api.listVolumes(caseId).then((r) => ({ volumes: r.volumes })),
        case: () => api.getCase(caseId).then((r) => ({ caseInfo: r.case })),
      };
      try {
        // Each list is shown as soon as it arrives: the viewer needs only the pages, not the
        // integrity report or the structure of 5,000 pages.
        await Promise.all(
          parts.map((p) => {
            const request = ++requests.current;
            latest.current[p] = request;
            // One list failing (a part this role may not read) does not hold back the others.
            return load[p]().then((patch) => {
              if (alive.current && latest.current[p] === request) {
                setData((d) => ({ ...d, ...patch }));
              }
            });
          }),
        );
      } catch (error) {
        if (alive.current && !unauthorized.current(error)) {
          setData((d) => (d.caseInfo ? d : { ...d, error }));
        }
      }
    },
    [caseId],
  );

  useEffect(() => {
    alive.current = true;
    setData((d) => ({ ...d, caseInfo: null, pages: null, error: null }));
    // The case and its pages first and at once (the screen waits for the case, the viewer's first
    // image for the page list), then the heavier lists: the embedded database answers one query at
    // a time, so the integrity report and the structure of 5,000 pages would otherwise hold back
    // the case itself.
    const rest = ALL_PARTS.filter((p) => p !== 'pages');
    const imagesBefore = viewerImagesShown();
    const caseLoaded = api.getCase(caseId);
    void Promise.all([refresh(['pages']), caseLoaded.catch(() => undefined)])
      // The viewer can show its first image once both are here: the heavier lists wait for it
      // (at most 1.5 s from then).
      .then(() => (viewerFirstRef.current ? viewerImageShownAfter(imagesBefore, 1500) : undefined))
      .then(() => {
        // Once the screen has rendered the pages (and the viewer has asked for its first image),
        // so that image is not queued behind the heavier lists either.
        const later = () => {
          if (alive.current) {
            void refresh(rest);
          }
        };
        if (typeof requestIdleCallback === 'function') {
          requestIdleCallback(later, { timeout: 500 });
        } else {
          setTimeout(later, 0);
        }
      });
    caseLoaded.then(
      ({ case: found }) => {
        if (alive.current) {
          setData((d) => ({ ...d, caseInfo: found }));
        }
      },
      (error: unknown) => {
        if (alive.current && !unauthorized.current(error)) {
          setData((d) => ({ ...d, error }));
        }
      },
    );
    return () => {
      alive.current = false;
    };
  }, [caseId, refresh]);

  // Live progress; when pages finish, the lists that depend on them are reloaded (at most every
  // two seconds while the pipeline runs, and once more when it is done).
  const lastDone = useRef<string>('');
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    const followUps: Array<ReturnType<typeof setTimeout>> = [];
    const onProgress = (progress: Progress) => {
      setData((d) => ({ ...d, progress }));
      const key = `${progress.donePages}/${progress.failedPages}/${progress.expectedPages}/${progress.finished}`;
      if (key !== lastDone.current) {
        const first = lastDone.current === '';
        lastDone.current = key;
        // A pending refresh is kept while pages are running (at most one every two seconds), but
        // the end of the run is always shown promptly.
        if (!first && timer.current && progress.finished) {
          clearTimeout(timer.current);
          timer.current = null;
        }
        if (!first && !timer.current) {
          timer.current = setTimeout(
            () => {
              timer.current = null;
              void refresh(['pages', 'integrity', 'structure', 'volumes']);
            },
            progress.finished ? 300 : 2000,
          );
          if (progress.finished) {
            // Structuring runs as its own job once the last page is done: look again shortly.
            for (const delay of [2000, 5000, 12_000]) {
              followUps.push(setTimeout(() => void refresh(['structure']), delay));
            }
          }
        }
      }
    };
    let poll: ReturnType<typeof setInterval> | null = null;
    const startPolling = () => {
      if (poll) {
        return;
      }
      const tick = () =>
        api.progress(caseId).then(
          (r) => onProgress(r.progress),
          () => undefined,
        );
      void tick();
      poll = setInterval(() => void tick(), 3000);
    };
    let source: EventSource | null = null;
    if (typeof EventSource === 'function') {
      source = new EventSource(api.caseEventsUrl(caseId));
      source.addEventListener('progress', (event) => {
        try {
          onProgress(JSON.parse((event as MessageEvent<string>).data) as Progress);
        } catch {
          // a malformed event is skipped; the next one carries the whole state again
        }
      });
      source.onerror = () => {
        if (source?.readyState === EventSource.CLOSED) {
          startPolling();
        }
      };
    } else {
      startPolling();
    }
    return () => {
      followUps.forEach(clearTimeout);
      source?.close();
      if (poll) {
        clearInterval(poll);
      }
      if (timer.current) {
        clearTimeout(timer.current);
        timer.current = null;
      }
      lastDone.current = '';
    };
  }, [caseId, refresh]);

  // Lists fetched while a page was being processed again (after "Xử lý lại"), when the progress
  // stream then had nothing new to say (the page went back to done between two of its looks):
  // the stream reports the pipeline idle, yet the lists still show a pending page. Look again
  // until they catch up, so the integrity report and the thumbnails never stay stale.
  const pendingPages = data.integrity?.pendingPages ?? 0;
  const idle = data.progress?.finished ?? false;
  useEffect(() => {
    if (!idle || pendingPages === 0) {
      return;
    }
    const again = setTimeout(() => void refresh(['pages', 'integrity', 'structure']), 1500);
    return () => clearTimeout(again);
  }, [idle, pendingPages, data.integrity, refresh]);

  return { ...data, refresh };
}
