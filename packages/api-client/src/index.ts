import type {
  ApiErrorBody,
  Case,
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
      options: { width?: number; variant?: 'upright' | 'original' } = {},
    ) => `${state.baseUrl ?? ''}/api/cases/${enc(caseId)}/pages/${enc(pageId)}/image${q(options)}`,
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
    revertStructureEdit: (caseId: string, editId: string) =>
      request<{ structure: CaseStructureDto }>(
        'DELETE',
        `/api/cases/${enc(caseId)}/structure/edits/${enc(editId)}`,
      ),
  };
}

export type ApiClient = ReturnType<typeof createApiClient>;

const enc = encodeURIComponent;

/** A request body: bytes, or a stream (Node `Readable.toWeb`, browser `File.stream()`). */
export type UploadBody = NonNullable<RequestInit['body']>;
