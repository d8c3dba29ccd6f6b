/*
 * Constants of the steering dashboard without zod, so the SPA can import them without pulling in
 * schema construction (zod's JIT probe trips the strict CSP of the web app).
 */

export const TARGET_METRICS = [
  'hearings_with_digitized_file',
  'indicted_share_digitized',
  'cases_digitized',
  'pages_digitized',
] as const;
export type TargetMetric = (typeof TARGET_METRICS)[number];

export const TARGET_COMPARATORS = ['>=', '<='] as const;
export type TargetComparator = (typeof TARGET_COMPARATORS)[number];

/** met: reached; missed: period over, not reached; at_risk: behind a linear schedule; on_track. */
export const TARGET_STATUSES = ['met', 'on_track', 'at_risk', 'missed'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];
