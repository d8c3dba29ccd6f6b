import '../zod-csp.ts';
import {
  applyPresentationCommand,
  initialPresentationState,
  isNewerPresentationState,
  parseButLucQuery,
  type CourtPackageData,
  type CourtPackageExhibit,
  type PresentationCommand,
  type PresentationState,
  type PresentationView,
} from '@sohoa/contracts';
import { mountAudience } from './audience-view.ts';
import { openLocalChannel } from './local-channel.ts';
import { packageMapNodes, renderPlayerMaps } from './player-maps.ts';
import { attachPreviewPointer, type PreviewTool } from './preview-pointer.ts';

/*
 * The offline court package's player: built as one classic IIFE script (vite.player.config.ts),
 * because Chromium refuses ES module scripts from file://. index.html is the presenter console,
 * audience.html the audience screen; both read window.SOHOA_COURT from data.js. Vietnamese only:
 * the package is made for a Vietnamese courtroom.
 */

declare global {
  interface Window {
    SOHOA_COURT?: CourtPackageData;
    /** The latency bench reads this to time a push. */
    sohoaCourtPush?: (command: PresentationCommand) => void;
  }
}

const data = window.SOHOA_COURT;
const channelName = `sohoa-court-${data?.case.id ?? 'none'}`;

function exhibitView(item: CourtPackageExhibit): PresentationView {
  switch (item.kind) {
    case 'page':
      return { kind: 'page', pageId: item.pageIds[0]!, label: item.label };
    case 'region':
      return {
        kind: 'region',
        pageId: item.pageIds[0]!,
        rect: item.rect ?? { x: 0, y: 0, w: 1, h: 1 },
        label: item.label,
      };
    case 'pair':
      return { kind: 'pair', pageIds: [item.pageIds[0]!, item.pageIds[1]!], label: item.label };
    case 'media':
      return {
        kind: 'media',
        mediaId: item.id,
        mediaType: item.media?.type ?? 'image',
        label: item.label,
      };
  }
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, unknown> = {},
  ...children: Array<Node | string>
) {
  const node: HTMLElementTagNameMap[K] = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function startAudience(pkg: CourtPackageData) {
  const root = el('div', { id: 'audience' });
  document.body.append(root);
  const mediaFiles = new Map(pkg.exhibits.map((e) => [e.id, e.media?.file ?? '']));
  const screen = mountAudience(root, {
    pageUrl: (id) => `pages/${id}.jpg`,
    mediaUrl: (id) => mediaFiles.get(id) ?? '',
    mapNodes: packageMapNodes(pkg.maps),
  });
  let current: PresentationState | null = null;
  screen.show(initialPresentationState());
  const channel = openLocalChannel({
    name: channelName,
    onMessage: (message) => {
      if (message.type === 'state' && isNewerPresentationState(current, message.state)) {
        current = message.state;
        screen.show(message.state);
        if (message.sentAt) {
          root.dataset.latencyMs = String(Date.now() - message.sentAt);
        }
      }
    },
  });
  // Ask the presenter for what is on screen now (an audience window opened or reloaded later).
  channel.post({ type: 'hello' });
  // Warm the cache with the exhibit list's pages: the first push then shows a decoded image.
  const preloaded = pkg.exhibits.slice(0, 12).flatMap((e) =>
    e.pageIds.map((id) => {
      const img = new Image();
      img.decoding = 'async';
      img.src = `pages/${id}.jpg`;
      return img;
    }),
  );
  root.dataset.preloaded = String(preloaded.length);
  document.addEventListener('dblclick', () => void document.documentElement.requestFullscreen());
}

function startPresenter(pkg: CourtPackageData) {
  let state = initialPresentationState();
  let index = -1;
  const channel = openLocalChannel({
    name: channelName,
    onMessage: (message) => {
      if (message.type === 'hello') {
        channel.post({ type: 'state', state, sentAt: Date.now() });
      }
    },
  });
  const status = el('p', { id: 'status', className: 'status' });
  const notes = el('div', { id: 'notes', className: 'notes' });
  const next = el('p', { id: 'next', className: 'next' });
  const list = el('ol', { id: 'exhibits', className: 'exhibits' });

  // The presenter's own view of the audience screen: drag on it for a callout or a highlight.
  const previewScreen = el('div', { id: 'preview-screen' });
  previewScreen.style.cssText = 'position:absolute;inset:0';
  const preview = el('div', { id: 'preview', className: 'preview' }, previewScreen);
  const mirror = mountAudience(previewScreen, {
    pageUrl: (id) => `pages/${id}.jpg`,
    mediaUrl: () => '',
    mapNodes: packageMapNodes(pkg.maps),
  });
  let tool: PreviewTool = 'zoom';

  const push = (command: PresentationCommand) => {
    const next = applyPresentationCommand(state, command);
    if (next === state) {
      return;
    }
    state = next;
    channel.post({ type: 'state', state, sentAt: Date.now() });
    mirror.show(state);
    render();
  };
  attachPreviewPointer({ area: preview, tool: () => tool, push });
  window.sohoaCourtPush = push;
  const showItem = (i: number) => {
    const item = pkg.exhibits[i];
    if (item) {
      index = i;
      push({ type: 'show', view: exhibitView(item), itemId: item.id });
    }
  };

  function render() {
    const item = pkg.exhibits[index];
    status.textContent =
      state.view.kind === 'blank'
        ? state.view.tone === 'black'
          ? 'Màn hình đen'
          : 'Màn hình trống'
        : `Đang chiếu: ${'label' in state.view ? state.view.label : ''}`;
    notes.textContent = item?.notes ? item.notes : '';
    const upcoming = pkg.exhibits[index + 1];
    next.textContent = upcoming ? `Tiếp theo: ${upcoming.label}` : 'Hết danh mục';
    [...list.children].forEach((li, i) => li.classList.toggle('current', i === index));
    zoomTool.setAttribute('aria-pressed', String(tool === 'zoom'));
    penTool.setAttribute('aria-pressed', String(tool === 'pen'));
  }

  pkg.exhibits.forEach((item, i) => {
    const button = el('button', { type: 'button', onclick: () => showItem(i) }, item.label);
    list.append(el('li', {}, button));
  });

  const search = el('input', {
    id: 'search',
    placeholder: 'BL 125',
    ariaLabel: 'Tìm bút lục',
  });
  const searchForm = el('form', {
    onsubmit: (event: SubmitEvent) => {
      event.preventDefault();
      const butLuc = parseButLucQuery(search.value);
      const page = pkg.pages.find((p) => p.butLuc === butLuc);
      if (page) {
        push({ type: 'show', view: { kind: 'page', pageId: page.id, label: `BL ${butLuc}` } });
        search.value = '';
      } else {
        status.textContent = `Không có bút lục "${search.value}"`;
      }
    },
  });
  searchForm.append(search, el('button', { type: 'submit' }, 'Chiếu'));

  const button = (label: string, onclick: () => void, id: string) =>
    el('button', { type: 'button', id, onclick }, label);
  let audience: Window | null = null;
  const controls = el(
    'div',
    { className: 'controls' },
    button(
      'Mở màn hình khán phòng',
      () => {
        audience = window.open('audience.html', 'sohoa-audience', 'popup');
        if (audience) {
          channel.addPeer(audience);
        }
      },
      'open-audience',
    ),
    button('◀ Trước', () => showItem(Math.max(0, index - 1)), 'prev'),
    button('Tiếp ▶', () => showItem(Math.min(pkg.exhibits.length - 1, index + 1)), 'next-item'),
    button('Màn hình đen', () => push({ type: 'blank', tone: 'black' }), 'black'),
    button('Màn hình trống', () => push({ type: 'blank', tone: 'neutral' }), 'neutral'),
  );
  const setTool = (next: PreviewTool) => {
    tool = next;
    render();
  };
  const zoomTool = button('Kéo để phóng to vùng', () => setTool('zoom'), 'tool-zoom');
  const penTool = button('Tô sáng trực tiếp', () => setTool('pen'), 'tool-pen');
  const tools = el(
    'div',
    { className: 'controls' },
    zoomTool,
    penTool,
    button('Bỏ phóng to', () => push({ type: 'zoom', rect: null }), 'clear-zoom'),
    button('Xóa nét tô', () => push({ type: 'strokes.clear' }), 'clear'),
  );
  document.body.append(
    el('h1', {}, pkg.case.number ? `${pkg.case.number} — ${pkg.case.title}` : pkg.case.title),
    el('p', { className: 'hint' }, `Gói trình chiếu ngoại tuyến · ${pkg.pages.length} trang`),
    controls,
    searchForm,
    status,
    next,
    notes,
    list,
    renderPlayerMaps({
      doc: document,
      maps: pkg.maps,
      onShow: (view) => push({ type: 'show', view }),
    }),
    tools,
    preview,
  );
  mirror.show(state);
  render();
}

if (!data) {
  document.body.textContent = 'Thiếu data.js: gói trình chiếu không đầy đủ.';
} else if (document.body.dataset.role === 'audience') {
  startAudience(data);
} else {
  startPresenter(data);
}
