import { mapBranchChoices, type CaseMap, type PresentationView } from '@sohoa/contracts';
import { useEffect, useState } from 'react';
import { api } from '../api.ts';
import { useI18n } from '../i18n/i18n.tsx';

/** A view's label is at most 300 characters (presentationViewSchema). */
const viewLabel = (text: string) => (text.length > 300 ? `${text.slice(0, 299)}…` : text);

/**
 * The case's mind maps in the presenter console: the whole map, or a branch (first two levels),
 * pushed to the audience as a drawn map.
 */
export function PresenterMaps({
  caseId,
  onShow,
}: {
  caseId: string;
  onShow: (view: PresentationView) => void;
}) {
  const { t } = useI18n();
  const [maps, setMaps] = useState<CaseMap[] | null>(null);
  useEffect(() => {
    let live = true;
    void api
      .listMaps(caseId)
      .then(({ maps: list }) => Promise.all(list.map((m) => api.getMap(caseId, m.id))))
      .then(
        (loaded) => live && setMaps(loaded.map((r) => r.map)),
        () => live && setMaps([]),
      );
    return () => {
      live = false;
    };
  }, [caseId]);

  return (
    <section className="presenter-maps" aria-labelledby="presenter-maps-title">
      <h4 id="presenter-maps-title">{t('court.maps')}</h4>
      {maps?.length === 0 && <p>{t('court.mapsEmpty')}</p>}
      {maps?.map((map) => (
        <details key={map.id} data-map-id={map.id}>
          <summary>{map.title}</summary>
          <ul className="presenter-map-branches">
            {mapBranchChoices({ nodes: map.document.nodes }).map((choice) => {
              const label =
                choice.depth === 0 ? `${map.title} — ${t('court.wholeMap')}` : choice.text;
              return (
                <li key={choice.id} style={{ paddingLeft: `${choice.depth * 1.2}rem` }}>
                  <button
                    type="button"
                    data-branch-id={choice.id}
                    aria-label={t('court.showBranch', { label })}
                    onClick={() =>
                      onShow({
                        kind: 'map',
                        mapId: map.id,
                        branchId: choice.id,
                        label: viewLabel(label),
                      })
                    }
                  >
                    {choice.depth === 0 ? t('court.wholeMap') : choice.text}
                  </button>
                </li>
              );
            })}
          </ul>
        </details>
      ))}
    </section>
  );
}
