import type { MapLayout } from '@sohoa/contracts';

/** Parent → child curves of the map, for the edges touching a rendered box. */
export function MapEdges({
  layout,
  shownIds,
}: {
  layout: MapLayout;
  shownIds: ReadonlySet<string>;
}) {
  const { minX, minY, maxX, maxY } = layout.bounds;
  const ox = 20 - minX;
  const oy = 20 - minY;
  return (
    <svg
      className="map-edges"
      style={{ left: minX - 20, top: minY - 20 }}
      width={Math.max(1, maxX - minX + 40)}
      height={Math.max(1, maxY - minY + 40)}
      aria-hidden="true"
    >
      {layout.edges
        .filter((e) => shownIds.has(e.from) || shownIds.has(e.to))
        .map((e) => {
          const a = layout.boxes.get(e.from)!;
          const b = layout.boxes.get(e.to)!;
          const x1 = a.x + a.w + ox;
          const y1 = a.y + a.h / 2 + oy;
          const x2 = b.x + ox;
          const y2 = b.y + b.h / 2 + oy;
          const mx = (x1 + x2) / 2;
          return <path key={e.to} d={`M${x1} ${y1} C${mx} ${y1} ${mx} ${y2} ${x2} ${y2}`} />;
        })}
    </svg>
  );
}
