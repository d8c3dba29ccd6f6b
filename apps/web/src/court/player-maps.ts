import { mapBranchChoices, type CourtPackageMap, type PresentationView } from '@sohoa/contracts';

/** The package's maps as a source for the audience renderer (no network: from data.js). */
export function packageMapNodes(maps: readonly CourtPackageMap[]) {
  const byId = new Map(maps.map((m) => [m.id, m.nodes]));
  return (mapId: string) => Promise.resolve(byId.get(mapId) ?? null);
}

/**
 * The maps section of the offline presenter console (plain DOM, Vietnamese like the rest of the
 * package): one group per map, a button for the whole map and one per branch of the first two
 * levels, as in the web console.
 */
export function renderPlayerMaps({
  doc,
  maps,
  onShow,
}: {
  doc: Document;
  maps: readonly CourtPackageMap[];
  onShow: (view: PresentationView) => void;
}): HTMLElement {
  const section = doc.createElement('section');
  section.id = 'maps';
  section.className = 'maps';
  const heading = doc.createElement('h2');
  heading.textContent = 'Sơ đồ của vụ án';
  section.append(heading);
  if (maps.length === 0) {
    const empty = doc.createElement('p');
    empty.textContent = 'Gói không có sơ đồ.';
    section.append(empty);
  }
  for (const map of maps) {
    const group = doc.createElement('details');
    group.dataset.mapId = map.id;
    const summary = doc.createElement('summary');
    summary.textContent = map.title;
    const list = doc.createElement('ul');
    for (const choice of mapBranchChoices({ nodes: map.nodes })) {
      const whole = choice.depth === 0;
      const label = whole ? `${map.title} — Cả sơ đồ` : choice.text;
      const button = doc.createElement('button');
      button.type = 'button';
      button.dataset.branchId = choice.id;
      button.textContent = whole ? 'Cả sơ đồ' : choice.text;
      button.setAttribute('aria-label', `Chiếu nhánh ${label}`);
      button.addEventListener('click', () =>
        onShow({ kind: 'map', mapId: map.id, branchId: choice.id, label: label.slice(0, 300) }),
      );
      const item = doc.createElement('li');
      item.style.paddingLeft = `${choice.depth * 1.2}rem`;
      item.append(button);
      list.append(item);
    }
    group.append(summary, list);
    section.append(group);
  }
  return section;
}
