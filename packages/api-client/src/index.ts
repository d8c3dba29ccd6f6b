import type {
  CreateExhibitBody,
  Exhibit,
  PresentationCommand,
  PresentationSession,
  PresentationState,
  UpdateExhibitBody,
  CancelQueueResult,
  CaseQueue,
  SetQueuePriorityBody,
  ApiErrorBody,
  Case,
  CaseIndex,
  CaseIndexFormat,
  CaseList,
  CreateCaseBody,
  CreateUnitBody,
  CreateUserBody,
  ListCasesQuery,
  LoginResponse,
  SessionInfo,
  SetupBody,
  Unit,
  UpdateCaseBody,
  UpdateUserBody,
  User,
  Volume,
  IntakeResult,
  IntegrityReportDto,
  Page,
  Progress,
  CorrectPageBody,
  CaseStructureDto,
  StructureEdit,
  StructureEditDto,
  CaseTimeline,
  CasePerson,
  ProcedureSettings,
  ProcedureSettingsBody,
  TimelineQuery,
  PackageImportReport,
  DigitizationState,
  DigitizationTransitionBody,
  AnomalyExplanationBody,
  Annotation,
  CreateAnnotationBody,
  ListAnnotationsQuery,
  PageText,
  UpdateAnnotationBody,
  GlobalSearchQuery,
  CaseSearchQuery,
  SearchResult,
  CaseSearchResult,
  AuditExportFormat,
  CreateHearingBody,
  CreateTargetBody,
  Dashboard,
  DashboardQuery,
  Hearing,
  UpdateTargetBody,
  AuditList,
  AuditQuery,
  AuditVerification,
  CaseMap,
  CaseMapSummary,
  CreateMapBody,
  MapExportFormat,
  MapImportFormat,
  UpdateMapBody,
} from '@sohoa/contracts';

/** An error response from the sohoa API, with its stable code. */
export class ApiError extends Error {
  readonly code: string;
  readonly status: number;
  readonly body: ApiErrorBody | null;
  constructor({ status, body }: { status: number; body: ApiErrorBody | null }) {
    super(body?.error.message ?? `HTTP ${status}`);
    this.name = 'ApiError';
    this.status = status;
    this.code = body?.error.code ?? 'internal.error';
    this.body = body;
  }
}

export interface ApiClientOptions {
  /** e.g. http://localhost:8080; empty for same-origin browser use. */
  baseUrl?: string;
  /** Bearer token (CLI). Browsers leave it unset and rely on the HttpOnly session cookie. */
  token?: string;
  /** CSRF token for cookie-authenticated requests (browser). */
  csrfToken?: string;
  language?: 'vi' | 'en';
  fetch?: typeof fetch;
  /** Browsers: rely on the HttpOnly cookie and never receive the session token in a body. */
  cookieOnly?: boolean;
}

/**
 * Typed client of the sohoa HTTP API, shared by the web app, the CLI and end-to-end tests.
 *
 * @example
 * const api = createApiClient({ baseUrl: 'http://localhost:8080' });
 * const { token } = await api.login({ username: 'admin', password: '…' });
 * api.setToken(token);
 * const { items } = await api.listCases({ kind: 'criminal' });
 */
export function createApiClient(options: ApiClientOptions = {}) {
  const state = { ...options };
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  async function request<T>(
    method: string,
    path: string,
    body?: unknown,
    raw?: { body: UploadBody; contentType: string },
  ): Promise<T> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (state.language) {
      headers['accept-language'] = state.language;
    }
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
    }
    if (raw) {
      headers['content-type'] = raw.contentType;
    }
    if (state.token) {
      headers.authorization = `Bearer ${state.token}`;
    }
    if (state.csrfToken && method !== 'GET') {
      headers['x-csrf-token'] = state.csrfToken;
    }
    const response = await doFetch(`${state.baseUrl ?? ''}${path}`, {
      method,
      headers,
      body: raw ? raw.body : body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      // Streamed request bodies (file uploads from Node) need half-duplex.
      ...(raw ? { duplex: 'half' } : {}),
    });
    return parseResponse<T>(response);
  }

  async function parseResponse<T>(response: Response): Promise<T> {
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // A proxy's HTML error page, for instance: still an ApiError, with the HTTP status.
      throw new ApiError({ status: response.status, body: null });
    }
    if (!response.ok) {
      const body = parsed as ApiErrorBody | null;
      throw new ApiError({ status: response.status, body: body?.error ? body : null });
    }
    return parsed as T;
  }

  /** A GET whose success body is a file; an error answer becomes an ApiError as for JSON calls. */
  async function openDownload(path: string, accept: string): Promise<Response> {
    const headers: Record<string, string> = { accept };
    if (state.language) {
      headers['accept-language'] = state.language;
    }
    if (state.token) {
      headers.authorization = `Bearer ${state.token}`;
    }
    const response = await doFetch(`${state.baseUrl ?? ''}${path}`, {
      method: 'GET',
      headers,
      credentials: 'same-origin',
    });
    if (!response.ok || !response.body) {
      const text = await response.text();
      let body: ApiErrorBody | null = null;
      try {
        body = text ? (JSON.parse(text) as ApiErrorBody) : null;
      } catch {
        body = null;
      }
      throw new ApiError({ status: response.status, body: body?.error ? body : null });
    }
    return response;
  }

  /** A small file in memory: its bytes, name (from Content-Disposition) and type. */
  async function download(path: string): Promise<DownloadedFile> {
    const response = await openDownload(path, '*/*');
    return {
      bytes: new Uint8Array(await response.arrayBuffer()),
      fileName: fileNameOf(response.headers.get('content-disposition')),
      contentType: response.headers.get('content-type') ?? 'application/octet-stream',
    };
  }

  /** A large file (a PDF export, a package) as a stream, with the response headers. */
  async function downloadStream(
    path: string,
    accept = 'application/pdf, application/json',
  ): Promise<{ body: ReadableStream<Uint8Array>; headers: Headers }> {
    const response = await openDownload(path, accept);
    return { body: response.body!, headers: response.headers };
  }

  const q = (query: Record<string, unknown>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
        if (value !== '') {
          params.set(key, String(value));
        }
      }
    }
    const s = params.toString();
    return s ? `?${s}` : '';
  };

  return {
    /** Any endpoint, typed by the caller (for endpoints without a dedicated method yet). */
    request: <T>(method: string, path: string, body?: unknown) => request<T>(method, path, body),
    setToken: (token: string | undefined) => void (state.token = token),
    setCsrfToken: (csrfToken: string | undefined) => void (state.csrfToken = csrfToken),
    setLanguage: (language: 'vi' | 'en') => void (state.language = language),

    health: () => request<{ status: string; version: string }>('GET', '/api/health'),
    setupStatus: () => request<{ needsSetup: boolean }>('GET', '/api/setup'),
    setup: (body: SetupBody) => request<{ unit: Unit; user: User }>('POST', '/api/setup', body),

    login: (body: { username: string; password: string }) =>
      request<LoginResponse>('POST', '/api/auth/login', {
        ...body,
        ...(state.cookieOnly ? {} : { bearer: true }),
      }),
    logout: () => request<{ ok: true }>('POST', '/api/auth/logout', {}),
    me: () => request<SessionInfo>('GET', '/api/auth/me'),
    changePassword: (body: { currentPassword: string; newPassword: string }) =>
      request<{ ok: true }>('POST', '/api/auth/password', body),

    listUnits: () => request<{ units: Unit[] }>('GET', '/api/units'),
    getUnit: (unitId: string) => request<{ unit: Unit }>('GET', `/api/units/${enc(unitId)}`),
    createUnit: (body: CreateUnitBody) => request<{ unit: Unit }>('POST', '/api/units', body),

    listUsers: (query: { unitId?: string } = {}) =>
      request<{ users: User[] }>('GET', `/api/users${q(query)}`),
    getUser: (userId: string) => request<{ user: User }>('GET', `/api/users/${enc(userId)}`),
    createUser: (body: CreateUserBody) => request<{ user: User }>('POST', '/api/users', body),
    updateUser: (userId: string, body: UpdateUserBody) =>
      request<{ user: User }>('PATCH', `/api/users/${enc(userId)}`, body),
    disableUser: (userId: string) =>
      request<{ user: User }>('POST', `/api/users/${enc(userId)}/disable`, {}),
    enableUser: (userId: string) =>
      request<{ user: User }>('POST', `/api/users/${enc(userId)}/enable`, {}),

    listCases: (query: ListCasesQuery = {}) => request<CaseList>('GET', `/api/cases${q(query)}`),
    getCase: (caseId: string) => request<{ case: Case }>('GET', `/api/cases/${enc(caseId)}`),
    createCase: (body: CreateCaseBody) => request<{ case: Case }>('POST', '/api/cases', body),
    updateCase: (caseId: string, body: UpdateCaseBody) =>
      request<{ case: Case }>('PATCH', `/api/cases/${enc(caseId)}`, body),
    deleteCase: (caseId: string) => request<{ ok: true }>('DELETE', `/api/cases/${enc(caseId)}`),
    assignCase: (caseId: string, assigneeIds: string[]) =>
      request<{ case: Case }>('PUT', `/api/cases/${enc(caseId)}/assignees`, { assigneeIds }),

    /** The case index (thống kê tài liệu) as data: volumes → sections → rows. */
    getCaseIndex: (caseId: string, query: { lang?: 'vi' | 'en' } = {}) =>
      request<{ index: CaseIndex }>('GET', `/api/cases/${enc(caseId)}/index${q(query)}`),
    /** Audit events the user may oversee, newest first (viewing is audited). */
    listAudit: (query: AuditQuery = {}) => request<AuditList>('GET', `/api/audit${q(query)}`),
    /** The filtered audit events as CSV or XLSX (audited). */
    downloadAudit: (
      format: AuditExportFormat,
      query: Omit<AuditQuery, 'limit' | 'beforeSeq'> = {},
    ) => download(`/api/audit.${format}${q(query)}`),
    /** Re-checks the audit hash chain on the server (ADMIN, IT_SUPPORT). */
    verifyAudit: () => request<AuditVerification>('GET', '/api/audit/verify'),

    /** The case index as a DOCX or XLSX file (each download is audited). */
    downloadCaseIndex: (caseId: string, options: { format: CaseIndexFormat; lang?: 'vi' | 'en' }) =>
      download(`/api/cases/${enc(caseId)}/index.${options.format}${q({ lang: options.lang })}`),

    listVolumes: (caseId: string) =>
      request<{ volumes: Volume[] }>('GET', `/api/cases/${enc(caseId)}/volumes`),
    createVolume: (caseId: string, body: { number?: number; title?: string | null }) =>
      request<{ volume: Volume }>('POST', `/api/cases/${enc(caseId)}/volumes`, body),

    /** Streams one scanned file into volume `volumeNumber` (created when missing). */
    uploadFile: (caseId: string, volumeNumber: number, name: string, body: UploadBody) =>
      request<{ results: IntakeResult[] }>(
        'PUT',
        `/api/cases/${enc(caseId)}/volumes/${volumeNumber}/files${q({ name })}`,
        undefined,
        { body, contentType: 'application/octet-stream' },
      ),
    listPages: (caseId: string) =>
      request<{ pages: Page[] }>('GET', `/api/cases/${enc(caseId)}/pages`),
    progress: (caseId: string) =>
      request<{ progress: Progress }>('GET', `/api/cases/${enc(caseId)}/progress`),
    integrity: (caseId: string) =>
      request<{ report: IntegrityReportDto }>('GET', `/api/cases/${enc(caseId)}/integrity`),
    correctPage: (caseId: string, pageId: string, body: CorrectPageBody) =>
      request<{ manual: CorrectPageBody }>(
        'PATCH',
        `/api/cases/${enc(caseId)}/pages/${enc(pageId)}`,
        body,
      ),
    /** The digitization procedure: state, steps the user may take, checklist, history. */
    getDigitization: (caseId: string) =>
      request<{ digitization: DigitizationState }>('GET', `/api/cases/${enc(caseId)}/digitization`),
    transitionDigitization: (caseId: string, body: DigitizationTransitionBody) =>
      request<{ digitization: DigitizationState }>(
        'POST',
        `/api/cases/${enc(caseId)}/digitization/transitions`,
        body,
      ),
    explainAnomaly: (caseId: string, body: AnomalyExplanationBody) =>
      request<{ digitization: DigitizationState }>(
        'POST',
        `/api/cases/${enc(caseId)}/integrity/explanations`,
        body,
      ),
    deleteExplanation: (caseId: string, explanationId: string) =>
      request<{ digitization: DigitizationState }>(
        'DELETE',
        `/api/cases/${enc(caseId)}/integrity/explanations/${enc(explanationId)}`,
      ),
    /** Dated documents, charges, crime category and deadline clocks of a case. */
    getTimeline: (caseId: string, query: TimelineQuery = {}) =>
      request<{ timeline: CaseTimeline }>('GET', `/api/cases/${enc(caseId)}/timeline${q(query)}`),
    /** Crime category override (null clears it) and the "near" threshold in working days. */
    setProcedureSettings: (caseId: string, body: ProcedureSettingsBody) =>
      request<{ settings: ProcedureSettings }>(
        'PUT',
        `/api/cases/${enc(caseId)}/procedure-settings`,
        body,
      ),
    /**
     * Searches the OCR text of every case the caller may read: words (diacritics folded unless
     * `mode: 'exact'`) and "quoted phrases" (exact). Page-level hits, `nextCursor` for more.
     */
    search: (query: GlobalSearchQuery) => request<SearchResult>('GET', `/api/search${q(query)}`),
    /** Searches one case; each hit carries the boxes of the matching words (upright pixels). */
    searchCase: (caseId: string, query: CaseSearchQuery) =>
      request<CaseSearchResult>('GET', `/api/cases/${enc(caseId)}/search${q(query)}`),
    /** Records that a search hit was opened (the audit trail's case.search_hit_opened). */
    searchHitOpened: (caseId: string, body: { pageId: string; q: string }) =>
      request<{ ok: true }>('POST', `/api/cases/${enc(caseId)}/search/opened`, body),
    /** Everyone named in the case's documents, with roles, appearances and statements. */
    listCasePersons: (caseId: string) =>
      request<{ persons: CasePerson[] }>('GET', `/api/cases/${enc(caseId)}/persons`),
    /**
     * The digital case file (PDF) of a case or one volume, built, verified and streamed by the
     * server. Headers: x-sohoa-sha256, x-sohoa-pages, x-sohoa-incomplete, x-sohoa-manifest (the
     * SHA-256 of its integrity manifest, see getExportManifest), content-disposition. `watermark`
     * asks for a copy (bản sao) stamped with the caller's name, unit and the time.
     */
    exportCasePdf: (
      caseId: string,
      query: {
        profile?: 'working' | 'pdfa';
        volume?: number;
        force?: boolean;
        watermark?: boolean;
        /** Draw annotations as PDF annotations: shared ones, the caller's own, or none (default). */
        annotations?: 'shared' | 'mine' | 'none';
      } = {},
    ) => downloadStream(`/api/cases/${enc(caseId)}/export.pdf${q(query)}`),
    /**
     * The integrity manifest (sohoa-export-manifest/1 JSON) of an export, as the exact bytes stored
     * (their SHA-256 is `sha256`). Error `export.manifest_not_found` (404) if not this case's.
     */
    getExportManifest: (caseId: string, sha256: string) =>
      download(`/api/cases/${enc(caseId)}/export-manifests/${enc(sha256)}`),
    /** The OCR text layer of a page: text and word boxes (0–1 of the upright image). */
    getPageText: (caseId: string, pageId: string) =>
      request<PageText>('GET', `/api/cases/${enc(caseId)}/pages/${enc(pageId)}/text`),
    /** Shared annotations of a case and the caller's private ones (filters: page, document, author). */
    listAnnotations: (caseId: string, query: ListAnnotationsQuery = {}) =>
      request<{ annotations: Annotation[] }>(
        'GET',
        `/api/cases/${enc(caseId)}/annotations${q(query)}`,
      ),
    createAnnotation: (caseId: string, body: CreateAnnotationBody) =>
      request<{ annotation: Annotation }>('POST', `/api/cases/${enc(caseId)}/annotations`, body),
    updateAnnotation: (caseId: string, annotationId: string, body: UpdateAnnotationBody) =>
      request<{ annotation: Annotation }>(
        'PATCH',
        `/api/cases/${enc(caseId)}/annotations/${enc(annotationId)}`,
        body,
      ),
    deleteAnnotation: (caseId: string, annotationId: string) =>
      request<{ deleted: boolean }>(
        'DELETE',
        `/api/cases/${enc(caseId)}/annotations/${enc(annotationId)}`,
      ),
    /** Hearings (trial records) that used the case file, newest first. */
    listHearings: (caseId: string) =>
      request<{ hearings: Hearing[] }>('GET', `/api/cases/${enc(caseId)}/hearings`),
    /** Records a hearing that used the digitized file (the courtroom presentation posts this). */
    createHearing: (caseId: string, body: CreateHearingBody) =>
      request<{ hearing: Hearing }>('POST', `/api/cases/${enc(caseId)}/hearings`, body),
    deleteHearing: (caseId: string, hearingId: string) =>
      request<{ deleted: boolean }>(
        'DELETE',
        `/api/cases/${enc(caseId)}/hearings/${enc(hearingId)}`,
      ),
    /** The steering dashboard of a unit subtree and period (STEERING, LEADER). */
    getDashboard: (query: DashboardQuery = {}) =>
      request<{ dashboard: Dashboard }>('GET', `/api/dashboard${q(query)}`),
    /** URL of the dashboard report (for a download link; the browser sends the cookie). */
    dashboardReportUrl: (format: 'xlsx' | 'pdf', query: DashboardQuery = {}) =>
      `${state.baseUrl ?? ''}/api/dashboard/report.${format}${q(query)}`,
    /** The dashboard report as a file in memory (CLI, tests). */
    downloadDashboardReport: (format: 'xlsx' | 'pdf', query: DashboardQuery = {}) =>
      download(`/api/dashboard/report.${format}${q(query)}`),
    createDashboardTarget: (body: CreateTargetBody) =>
      request<{ target: { id: string } }>('POST', '/api/dashboard/targets', body),
    updateDashboardTarget: (targetId: string, body: UpdateTargetBody) =>
      request<{ target: { id: string } }>('PATCH', `/api/dashboard/targets/${enc(targetId)}`, body),
    deleteDashboardTarget: (targetId: string) =>
      request<{ deleted: boolean }>('DELETE', `/api/dashboard/targets/${enc(targetId)}`),
    reprocessPage: (caseId: string, pageId: string) =>
      request<{ jobId: string | null }>(
        'POST',
        `/api/cases/${enc(caseId)}/pages/${enc(pageId)}/reprocess`,
        {},
      ),
    /**
     * URL of a page image (for <img src>; the browser sends the session cookie). `width` asks for
     * an exact width in pixels (64–2000), resized by the server and cached per size.
     */
    pageImageUrl: (
      caseId: string,
      pageId: string,
      /** `v`: the page's imageVersion (the URL then names one content, cached for good). */
      options: { width?: number; variant?: 'upright' | 'original'; v?: string | null } = {},
    ) => `${state.baseUrl ?? ''}/api/cases/${enc(caseId)}/pages/${enc(pageId)}/image${q(options)}`,
    /** The case's priority in the processing queue and its jobs by state. */
    caseQueue: (caseId: string) =>
      request<{ queue: CaseQueue }>('GET', `/api/cases/${enc(caseId)}/queue`),
    /** Higher goes first (-100…100); applied at once to the case's queued jobs. */
    setCaseQueuePriority: (caseId: string, body: SetQueuePriorityBody) =>
      request<{ queue: CaseQueue }>('PUT', `/api/cases/${enc(caseId)}/queue/priority`, body),
    /** Cancels the case's pending jobs; running ones stop at their next checkpoint. */
    cancelCaseQueue: (caseId: string) =>
      request<CancelQueueResult>('POST', `/api/cases/${enc(caseId)}/queue/cancel`, {}),
    /** URL of the case's server-sent events (`progress` whenever it changes). */
    caseEventsUrl: (caseId: string) => `${state.baseUrl ?? ''}/api/cases/${enc(caseId)}/events`,
    getStructure: (caseId: string) =>
      request<{ structure: CaseStructureDto }>('GET', `/api/cases/${enc(caseId)}/structure`),
    editStructure: (caseId: string, edit: StructureEdit) =>
      request<{ editId: string; structure: CaseStructureDto }>(
        'POST',
        `/api/cases/${enc(caseId)}/structure/edits`,
        edit,
      ),
    listStructureEdits: (caseId: string) =>
      request<{ edits: StructureEditDto[] }>('GET', `/api/cases/${enc(caseId)}/structure/edits`),
    /**
     * The transfer package of a case (a ZIP), as a stream: write it to a file, never buffer it.
     * @example
     * const { stream } = await api.downloadCasePackage(caseId);
     * await pipeline(Readable.fromWeb(stream), createWriteStream('case.zip'));
     */
    downloadCasePackage: async (caseId: string) => {
      const { body, headers } = await downloadStream(
        `/api/cases/${enc(caseId)}/package.zip`,
        'application/zip, application/json',
      );
      return { stream: body, fileName: fileNameOf(headers.get('content-disposition')) };
    },
    /** The same, whole in memory (small cases, browsers that save a Blob). */
    downloadCasePackageBytes: async (caseId: string) => {
      const file = await download(`/api/cases/${enc(caseId)}/package.zip`);
      return { bytes: file.bytes, fileName: file.fileName };
    },
    /** Imports a transfer package (bytes or a stream of the ZIP) into a unit; returns the report. */
    importCasePackage: (unitId: string, body: UploadBody) =>
      request<{ report: PackageImportReport }>('POST', `/api/packages${q({ unitId })}`, undefined, {
        body,
        contentType: 'application/octet-stream',
      }),
    /** Mind maps of a case (sơ đồ hóa), newest change first. */
    listMaps: (caseId: string) =>
      request<{ maps: CaseMapSummary[] }>('GET', `/api/cases/${enc(caseId)}/maps`),
    getMap: (caseId: string, mapId: string) =>
      request<{ map: CaseMap }>('GET', `/api/cases/${enc(caseId)}/maps/${enc(mapId)}`),
    createMap: (caseId: string, body: CreateMapBody) =>
      request<{ map: CaseMap }>('POST', `/api/cases/${enc(caseId)}/maps`, body),
    /** A new map drafted from the case structure (accused, evidence, procedure … every leaf linked). */
    draftMap: (caseId: string, body: { title?: string } = {}) =>
      request<{ map: CaseMap }>('POST', `/api/cases/${enc(caseId)}/maps/draft`, body),
    /** Saves; a stale `version` fails with 409 `map.version_conflict`. */
    updateMap: (caseId: string, mapId: string, body: UpdateMapBody) =>
      request<{ map: CaseMap }>('PUT', `/api/cases/${enc(caseId)}/maps/${enc(mapId)}`, body),
    deleteMap: (caseId: string, mapId: string) =>
      request<{ deleted: boolean }>('DELETE', `/api/cases/${enc(caseId)}/maps/${enc(mapId)}`),
    /** The map as a file: XMind, FreeMind, OPML, SVG, PNG or PDF. */
    exportMap: (caseId: string, mapId: string, format: MapExportFormat) =>
      download(`/api/cases/${enc(caseId)}/maps/${enc(mapId)}/export${q({ format })}`),
    /** Imports an XMind/FreeMind/OPML file as a new map of the case. */
    importMap: (caseId: string, format: MapImportFormat, body: UploadBody) =>
      request<{ map: CaseMap }>(
        'POST',
        `/api/cases/${enc(caseId)}/maps/import${q({ format })}`,
        undefined,
        { body, contentType: 'application/octet-stream' },
      ),
    /** The offline court package of a case (a ZIP), as a stream. */
    downloadCourtPackage: async (caseId: string) => {
      const { body, headers } = await downloadStream(
        `/api/cases/${enc(caseId)}/court-package.zip`,
        'application/zip, application/json',
      );
      return { stream: body, fileName: fileNameOf(headers.get('content-disposition')) };
    },
    courtPackageUrl: (caseId: string) =>
      `${state.baseUrl ?? ''}/api/cases/${enc(caseId)}/court-package.zip`,
    listExhibits: (caseId: string) =>
      request<{ exhibits: Exhibit[] }>('GET', `/api/cases/${enc(caseId)}/exhibits`),
    createExhibit: (caseId: string, body: CreateExhibitBody) =>
      request<{ exhibit: Exhibit }>('POST', `/api/cases/${enc(caseId)}/exhibits`, body),
    updateExhibit: (caseId: string, exhibitId: string, changes: UpdateExhibitBody) =>
      request<{ exhibit: Exhibit }>(
        'PATCH',
        `/api/cases/${enc(caseId)}/exhibits/${enc(exhibitId)}`,
        changes,
      ),
    deleteExhibit: (caseId: string, exhibitId: string) =>
      request<{ deleted: boolean }>(
        'DELETE',
        `/api/cases/${enc(caseId)}/exhibits/${enc(exhibitId)}`,
      ),
    reorderExhibits: (caseId: string, exhibitIds: string[]) =>
      request<{ exhibits: Exhibit[] }>('PUT', `/api/cases/${enc(caseId)}/exhibits/order`, {
        exhibitIds,
      }),
    uploadExhibitMedia: (caseId: string, fileName: string, label: string, body: UploadBody) =>
      request<{ exhibit: Exhibit }>(
        'POST',
        `/api/cases/${enc(caseId)}/exhibits/media${q({ fileName, label })}`,
        undefined,
        { body, contentType: 'application/octet-stream' },
      ),
    exhibitMediaUrl: (caseId: string, exhibitId: string) =>
      `${state.baseUrl ?? ''}/api/cases/${enc(caseId)}/exhibits/${enc(exhibitId)}/media`,
    startPresentation: (caseId: string) =>
      request<{ presentation: PresentationSession; state: PresentationState }>(
        'POST',
        `/api/cases/${enc(caseId)}/presentations`,
      ),
    joinPresentation: (code: string) =>
      request<{ presentation: PresentationSession; state: PresentationState }>(
        'POST',
        '/api/presentations/join',
        { code },
      ),
    pushPresentation: (presentationId: string, command: PresentationCommand) =>
      request<{ state: PresentationState }>(
        'POST',
        `/api/presentations/${enc(presentationId)}/commands`,
        command,
      ),
    endPresentation: (presentationId: string) =>
      request<{ ended: boolean }>('DELETE', `/api/presentations/${enc(presentationId)}`),
    /** ws:// or wss:// URL of a session's audience socket (relative base: the page's origin). */
    presentationSocketUrl: (code: string) => {
      const here = (globalThis as { location?: { origin: string } }).location;
      const base = state.baseUrl ?? here?.origin ?? '';
      return `${base.replace(/^http/, 'ws')}/api/presentations/by-code/${enc(code)}/socket`;
    },
    revertStructureEdit: (caseId: string, editId: string) =>
      request<{ structure: CaseStructureDto }>(
        'DELETE',
        `/api/cases/${enc(caseId)}/structure/edits/${enc(editId)}`,
      ),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

/** A downloaded file. `fileName` is null when the server sent no Content-Disposition name. */
export interface DownloadedFile {
  bytes: Uint8Array;
  fileName: string | null;
  contentType: string;
}

/** The UTF-8 `filename*` of a Content-Disposition header, else its plain `filename`. */
function fileNameOf(header: string | null): string | null {
  if (!header) {
    return null;
  }
  const extended = /filename\*=UTF-8''([^;]+)/i.exec(header);
  if (extended) {
    try {
      return decodeURIComponent(extended[1]!.trim());
    } catch {
      // A malformed escape: fall back to the plain name.
    }
  }
  return /filename="([^"]*)"/i.exec(header)?.[1] ?? null;
}

const enc = encodeURIComponent;

/** A request body: bytes, or a stream (Node `Readable.toWeb`, browser `File.stream()`). */
export type UploadBody = NonNullable<RequestInit['body']>;
