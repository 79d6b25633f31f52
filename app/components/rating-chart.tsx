/**
 * The rating over time as an SVG line, with its readings in words for screen readers. Up to 100
 * counted attempts it has one point per attempt; beyond that the server samples the rating at
 * evenly spaced moments from the first attempt to the latest (`sampled`), so the points are
 * evenly spaced in time and an idle stretch shows as flat.
 */
export function RatingChart({ history }: { history: { points: { at: string; rating: number }[]; attempts: number; sampled: boolean } }) {
  const { points, attempts, sampled } = history;
  if (points.length < 2) return <p className="muted">Your rating history appears after two attempts.</p>;
  const width = 600;
  const height = 160;
  const ratings = points.map((p) => p.rating);
  const min = Math.min(...ratings) - 20;
  const max = Math.max(...ratings) + 20;
  const x = (i: number) => (i / (points.length - 1)) * (width - 20) + 10;
  const y = (r: number) => height - 10 - ((r - min) / (max - min)) * (height - 20);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.rating).toFixed(1)}`).join(" ");
  const first = points[0];
  const last = points[points.length - 1];
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Rating from ${first?.rating} to ${last?.rating} over ${attempts} attempts`}>
        <polyline points={line} fill="none" stroke="#b3261e" strokeWidth="2.5" />
        <text x="4" y="14" fontSize="12" fill="#5b6474">
          {max - 20}
        </text>
        <text x="4" y={height - 2} fontSize="12" fill="#5b6474">
          {min + 20}
        </text>
      </svg>
      <figcaption className="muted">
        {sampled
          ? `Rating at ${points.length} evenly spaced moments from your first attempt (${first?.at.slice(0, 10)}) to your latest (${last?.at.slice(0, 10)}), ${attempts} attempts in all.`
          : `Rating after each attempt (${attempts} attempts).`}
      </figcaption>
    </figure>
  );
}
