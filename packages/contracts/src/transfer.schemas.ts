import { z } from 'zod';

/** The format tag of a case transfer package (manifest.json `format`). */
export const PACKAGE_FORMAT = 'sohoa-package/1';

/** Query of `POST /api/packages`: the unit that receives the imported case. */
export const importPackageQuerySchema = z.strictObject({
  unitId: z.string().min(1).max(100),
});

/** A difference between what the package declared and what was stored after import. */
export const packageMismatchSchema = z.object({
  what: z.string(),
  id: z.string().nullable(),
  expected: z.unknown(),
  found: z.unknown(),
});

/** What `importCasePackage` did: the new case, counts, extra files carried and any mismatch. */
export const packageImportReportSchema = z.object({
  caseId: z.string(),
  unitId: z.string(),
  title: z.string(),
  origin: z.object({
    unit: z.object({ code: z.string(), name: z.string() }),
    generator: z.object({ name: z.string(), version: z.string() }),
    createdAt: z.string(),
  }),
  counts: z.object({
    volumes: z.number(),
    sources: z.number(),
    pages: z.number(),
    documents: z.number(),
    edits: z.number(),
    annotations: z.number(),
    maps: z.number(),
    exhibits: z.number(),
    blobs: z.number(),
    blobsAlreadyStored: z.number(),
  }),
  extraFiles: z.array(z.object({ name: z.string(), sizeBytes: z.number(), sha256: z.string() })),
  mismatches: z.array(packageMismatchSchema),
});
export type PackageImportReport = z.infer<typeof packageImportReportSchema>;
