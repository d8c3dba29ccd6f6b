import {
  mapBranch,
  renderMapSvg,
  type MapSvgNode,
  type PresentationRect,
  type PresentationState,
  type PresentationView,
} from '@sohoa/contracts';

/*
 * The audience screen, in plain DOM: the web app's /present/{code} route and the offline court
 * package's player (a classic script from file://, no React) draw exactly the same thing. Only
 * what is pushed is shown: no chrome, no labels, no notes.
 */

/** Where the pictures come from: the API's display-size images, or the package's JPEG files. */
export interface AudienceSources {
  pageUrl: (pageId: string) => string;
  mediaUrl: (mediaId: string) => string;
  /** The nodes of a mind map (from the API, or the package's data); null when unknown. */
  mapNodes: (mapId: string) => Promise<readonly MapSvgNode[] | null>;
}

/** A map is never drawn larger than this many times its own size (a 2-node branch stays sane). */
const MAP_MAX_SCALE = 4;

/**
 * Draws one branch of a map (or the whole map, branchId = the root) into `box`, fitted to it and
 * centred, through the maps module's own SVG renderer. Returns false when the node is unknown.
 */
export function drawMapBranch({
  box,
  nodes,
  branchId,
}: {
  box: HTMLElement;
  nodes: readonly MapSvgNode[];
  branchId: string;
}): boolean {
  const branch = mapBranch({ nodes, branchId });
  if (!branch) {
    return false;
  }
  const doc = box.ownerDocument;
  // The renderer escapes every text and draws colours from a fixed table; parsing it as XML (not
  // innerHTML) keeps it inert all the same.
  const parsed = new DOMParser().parseFromString(renderMapSvg({ nodes: branch }), 'image/svg+xml');
  const svg = doc.importNode(parsed.documentElement, true) as unknown as SVGSVGElement;
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  svg.removeAttribute('width');
  svg.removeAttribute('height');
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  svg.setAttribute('role', 'img');
  svg.style.cssText = `display:block;width:100%;height:100%;max-width:${width * MAP_MAX_SCALE}px;max-height:${height * MAP_MAX_SCALE}px`;
  box.replaceChildren(svg);
  return true;
}

/**
 * Where to put a whole page image of `img` px so that `rect` (or the whole page) fills a
 * `view`-sized box, centred, without distortion. Returns the page's box in view pixels.
 */
export function fitPage({
  view,
  img,
  rect,
}: {
  view: { width: number; height: number };
  img: { width: number; height: number };
  rect: PresentationRect | null;
}) {
  const r = rect ?? { x: 0, y: 0, w: 1, h: 1 };
  const scale = Math.min(view.width / (r.w * img.width), view.height / (r.h * img.height));
  const width = img.width * scale;
  const height = img.height * scale;
  return {
    left: (view.width - r.w * width) / 2 - r.x * width,
    top: (view.height - r.h * height) / 2 - r.y * height,
    width,
    height,
  };
}

const SVG = 'http://www.w3.org/2000/svg';

/** A stable key of what is shown: the same key keeps the images, only zoom and strokes change. */
export function viewKey(view: PresentationView): string {
  switch (view.kind) {
    case 'blank':
      return `blank:${view.tone}`;
    case 'page':
    case 'region':
      return `page:${view.pageId}`;
    case 'pair':
      return `pair:${view.pageIds.join(',')}`;
    case 'media':
      return `media:${view.mediaId}`;
    case 'map':
      return `map:${view.mapId}:${view.branchId}`;
  }
}

interface Pane {
  box: HTMLDivElement;
  sheet: HTMLDivElement;
  img: HTMLImageElement;
  svg: SVGSVGElement;
}

function createPane(doc: Document, src: string): Pane {
  const box = doc.createElement('div');
  box.className = 'audience-pane';
  box.style.cssText = 'position:relative;flex:1;overflow:hidden;height:100%';
  const sheet = doc.createElement('div');
  sheet.style.cssText = 'position:absolute;visibility:hidden';
  const img = doc.createElement('img');
  img.alt = '';
  img.draggable = false;
  img.style.cssText = 'display:block;width:100%;height:100%';
  img.src = src;
  const svg = doc.createElementNS(SVG, 'svg');
  svg.setAttribute('viewBox', '0 0 1 1');
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.style.cssText = 'position:absolute;inset:0;width:100%;height:100%;pointer-events:none';
  sheet.append(img, svg);
  box.append(sheet);
  return { box, sheet, img, svg };
}

/**
 * Mounts an audience screen in `root`; `show(state)` draws a state (cheaply when only the callout
 * or the strokes changed). The root carries `data-view` and `data-seq` so tests and the latency
 * bench can see what is displayed.
 */
export function mountAudience(root: HTMLElement, sources: AudienceSources) {
  const doc = root.ownerDocument;
  let key = '';
  let panes: Pane[] = [];
  let current: PresentationState | null = null;
  /** Bumped by each rebuild, so a map that arrives after the view changed is dropped. */
  let generation = 0;

  function layout() {
    if (!current) {
      return;
    }
    const zoom =
      current.view.kind === 'region' ? (current.zoom ?? current.view.rect) : current.zoom;
    panes.forEach((pane, i) => {
      if (!pane.img.naturalWidth) {
        return;
      }
      const box = fitPage({
        view: { width: pane.box.clientWidth, height: pane.box.clientHeight },
        img: { width: pane.img.naturalWidth, height: pane.img.naturalHeight },
        rect: i === 0 || current?.view.kind !== 'pair' ? zoom : null,
      });
      Object.assign(pane.sheet.style, {
        left: `${box.left}px`,
        top: `${box.top}px`,
        width: `${box.width}px`,
        height: `${box.height}px`,
        visibility: 'visible',
      });
    });
  }

  function drawStrokes(state: PresentationState) {
    panes.forEach((pane, i) => {
      pane.svg.replaceChildren(
        ...state.strokes
          .filter((s) => s.pane === i)
          .map((s) => {
            const line = doc.createElementNS(SVG, 'polyline');
            line.setAttribute('points', s.points.map(([x, y]) => `${x},${y}`).join(' '));
            line.setAttribute('fill', 'none');
            line.setAttribute('stroke', s.color);
            line.setAttribute('stroke-opacity', '0.55');
            line.setAttribute('stroke-width', '14');
            line.setAttribute('stroke-linecap', 'round');
            line.setAttribute('stroke-linejoin', 'round');
            line.setAttribute('vector-effect', 'non-scaling-stroke');
            return line;
          }),
      );
    });
  }

  function rebuild(view: PresentationView) {
    generation += 1;
    delete root.dataset.map;
    panes = [];
    root.replaceChildren();
    root.style.background = view.kind === 'blank' && view.tone === 'neutral' ? '#3a3f44' : '#000';
    const row = doc.createElement('div');
    row.style.cssText = 'display:flex;gap:1vw;width:100%;height:100%';
    switch (view.kind) {
      case 'blank':
        return;
      case 'page':
      case 'region':
      case 'pair': {
        const ids = view.kind === 'pair' ? view.pageIds : [view.pageId];
        panes = ids.map((id) => createPane(doc, sources.pageUrl(id)));
        for (const pane of panes) {
          pane.img.addEventListener('load', layout);
          row.append(pane.box);
        }
        break;
      }
      case 'media': {
        const el = doc.createElement(view.mediaType === 'video' ? 'video' : 'img');
        el.src = sources.mediaUrl(view.mediaId);
        el.style.cssText = 'width:100%;height:100%;object-fit:contain';
        if (el instanceof HTMLVideoElement) {
          el.autoplay = true;
          el.playsInline = true;
        }
        row.append(el);
        break;
      }
      case 'map': {
        const box = doc.createElement('div');
        box.className = 'audience-map';
        box.style.cssText =
          'flex:1;display:flex;align-items:center;justify-content:center;background:#fff;padding:2vh 2vw';
        row.append(box);
        showMap(box, view);
        break;
      }
    }
    root.append(row);
  }

  function showMap(box: HTMLElement, view: Extract<PresentationView, { kind: 'map' }>) {
    const mine = generation;
    root.dataset.map = 'loading';
    const fallback = () => {
      const title = doc.createElement('p');
      title.textContent = view.label;
      title.style.cssText = 'margin:auto;color:#111;font:600 4vw system-ui,sans-serif';
      box.replaceChildren(title);
      root.dataset.map = 'missing';
    };
    sources.mapNodes(view.mapId).then(
      (nodes) => {
        if (mine !== generation) {
          return;
        }
        if (nodes && drawMapBranch({ box, nodes, branchId: view.branchId })) {
          root.dataset.map = 'shown';
        } else {
          fallback();
        }
      },
      () => mine === generation && fallback(),
    );
  }

  const onResize = () => layout();
  doc.defaultView?.addEventListener('resize', onResize);

  return {
    show(state: PresentationState) {
      const nextKey = viewKey(state.view);
      current = state;
      if (nextKey !== key) {
        key = nextKey;
        rebuild(state.view);
      }
      layout();
      drawStrokes(state);
      root.dataset.view = nextKey;
      root.dataset.seq = String(state.seq);
      root.dataset.zoom = state.zoom ? 'on' : 'off';
      root.dataset.strokes = String(state.strokes.length);
    },
    destroy() {
      doc.defaultView?.removeEventListener('resize', onResize);
      root.replaceChildren();
    },
  };
}
