import type { MapSvgNode } from './maps.svg.ts';
import type { PresentationRect } from './presentation.ts';

/*
 * The offline court package (issue 7 §6): a folder that runs from file:// with no server and no
 * network. Its data travels as `data.js`, a classic script assigning `window.SOHOA_COURT` (file://
 * pages may not fetch() files in Chromium), next to `court-player.js`, `index.html` (the presenter
 * console), `audience.html`, `pages/<pageId>.jpg` and `media/<exhibitId>.<ext>`.
 */

export const COURT_PACKAGE_FORMAT = 'sohoa-court-package';
export const COURT_PACKAGE_VERSION = 1;

export interface CourtPackagePage {
  id: string;
  volume: number;
  seq: number;
  butLuc: number | null;
  /** Relative path of the display-size JPEG. */
  file: string;
}

export interface CourtPackageExhibit {
  id: string;
  kind: 'page' | 'region' | 'pair' | 'media';
  label: string;
  notes: string;
  pageIds: string[];
  rect: PresentationRect | null;
  media: { file: string; type: 'image' | 'video' } | null;
}

/** A mind map of the case, as the package carries it: its nodes and the whole map drawn. */
export interface CourtPackageMap {
  id: string;
  title: string;
  nodes: MapSvgNode[];
  /** The whole map as SVG (renderMapSvg), for viewers without the player. */
  svg: string;
}

export interface CourtPackageData {
  format: typeof COURT_PACKAGE_FORMAT;
  version: typeof COURT_PACKAGE_VERSION;
  generatedAt: string;
  case: { id: string; title: string; number: string | null };
  pages: CourtPackagePage[];
  exhibits: CourtPackageExhibit[];
  /** Mind maps of the case (the player lists them and pushes a whole map or a branch). */
  maps: CourtPackageMap[];
}
