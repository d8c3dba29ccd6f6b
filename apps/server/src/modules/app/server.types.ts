import type { PageImageCache } from '../pages/pages.image-cache.ts';
import type { User } from '@sohoa/contracts';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Actor } from '../access/access.types.ts';
import type { PageViewAudit } from '../audit/audit.page-views.ts';
import type { AuditRepository } from '../audit/audit.repository.ts';
import type { AuthRepository } from '../auth/auth.repository.ts';
import type { AuthSettings } from '../auth/auth.usecases.ts';
import type { BlobStore } from '../blobs/blobs.types.ts';
import type { CasesRepository } from '../cases/cases.repository.ts';
import type { Db } from '../database/database.ts';
import type { Logger } from '../shared/logger/logger.ts';
import type { RequestContext } from '../shared/request-context.ts';
import type { UnitsRepository } from '../units/units.repository.ts';
import type { UsersRepository } from '../users/users.repository.ts';
import type { VolumesRepository } from '../volumes/volumes.repository.ts';
import type { IntakeRepository } from '../intake/intake.repository.ts';
import type { DocumentsRepository } from '../documents/documents.repository.ts';
import type { ExportsRepository } from '../exports/exports.repository.ts';
import type { JobsRepository } from '../jobs/jobs.repository.ts';
import type { PagesRepository } from '../pages/pages.repository.ts';
import type { OpsDeps } from '../ops/ops.usecases.ts';
import type { PageProcessor } from '../pipeline/page-processor.types.ts';
import type { DigitizationRepository } from '../digitization/digitization.repository.ts';
import type { TimelineRepository } from '../timeline/timeline.repository.ts';
import type { TransferRepository } from '../transfer/transfer.repository.ts';
import type { AnnotationsRepository } from '../annotations/annotations.repository.ts';
import type { MapsRepository } from '../maps/maps.repository.ts';
import type { SearchRepository } from '../search/search.repository.ts';
import type { HearingsRepository } from '../hearings/hearings.repository.ts';
import type { DashboardRepository } from '../dashboard/dashboard.repository.ts';
import type { ExhibitsRepository } from '../exhibits/exhibits.repository.ts';
import type { CourtPackageRepository } from '../court-package/court-package.repository.ts';
import type { PresentationsRegistry } from '../presentations/presentations.registry.ts';

export interface AuthState {
  actor: Actor;
  user: User;
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  /** Cookie-authenticated requests need the CSRF header; bearer-token ones cannot be forged cross-site. */
  viaCookie: boolean;
}

export type AppEnv = {
  Variables: {
    context: RequestContext;
    auth: AuthState | null;
    /** Set by the HTTP observer (ops module): logged with every line about this request. */
    requestId: string;
  };
};

export type App = OpenAPIHono<AppEnv>;

/** Everything the HTTP server needs, built by the composition root (or by the test builder). */
export interface ServerDependencies {
  db: Db;
  logger: Logger;
  blobStore: BlobStore;
  settings: {
    auth: AuthSettings & { cookieSecure: 'auto' | 'true' | 'false' };
    trustProxy: boolean;
    maxJsonBodyBytes: number;
    webDistDir: string | null;
    version: string;
  };
  unitsRepository: UnitsRepository;
  usersRepository: UsersRepository;
  authRepository: AuthRepository;
  casesRepository: CasesRepository;
  volumesRepository: VolumesRepository;
  auditRepository: AuditRepository;
  /** Batches page image views into 'case.pages_viewed' events; flushed at shutdown. */
  pageViewAudit: PageViewAudit;
  pagesRepository: PagesRepository;
  /** Page images resized for the viewer and thumbnails, kept in memory (LRU, bounded in bytes). */
  pageImageCache: PageImageCache;
  jobsRepository: JobsRepository;
  intakeRepository: IntakeRepository;
  documentsRepository: DocumentsRepository;
  timelineRepository: TimelineRepository;
  digitizationRepository: DigitizationRepository;
  exportsRepository: ExportsRepository;
  transferRepository: TransferRepository;
  annotationsRepository: AnnotationsRepository;
  mapsRepository: MapsRepository;
  searchRepository: SearchRepository;
  hearingsRepository: HearingsRepository;
  dashboardRepository: DashboardRepository;
  exhibitsRepository: ExhibitsRepository;
  courtPackageRepository: CourtPackageRepository;
  /** Presentation sessions (stored) and this process's audience screens. */
  presentations: PresentationsRegistry;
  pageProcessor: PageProcessor;
  /** Scratch folder for uploads being received and sources being split. */
  tempDir: string;
  maxFileBytes: number;
  /** Largest transfer package accepted by POST /api/packages (default: 16 × maxFileBytes). */
  maxPackageBytes?: number;
  /** Wakes this process's job runner when a request enqueued work. */
  onJobsEnqueued: () => void;
  /** Health, readiness, metrics (the composition root builds them; tests may leave them out). */
  ops?: Omit<OpsDeps, 'opsRepository' | 'blobStore'>;
}
