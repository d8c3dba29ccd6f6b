import type { App, ServerDependencies } from '../app/server.types.ts';

export function registerCourtPackageRoutes(_: { app: App; deps: ServerDependencies }) {}
