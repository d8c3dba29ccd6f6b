/** Where a request came from, for the audit trail. */
export interface RequestContext {
  ip: string | null;
  userAgent: string | null;
}

export const SYSTEM_CONTEXT: RequestContext = { ip: null, userAgent: 'sohoa-system' };
