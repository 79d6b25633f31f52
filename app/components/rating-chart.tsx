/**
 * The rating over counted attempts as an SVG line, with its range in words for screen readers.
 * Up to 100 attempts every one is a point; beyond that the server keeps the first, every
 * `every`-th and the latest (at most 100), each placed at its attempt's number, so the line's
 * shape is the same as with every point.
 */
export function RatingChart({ history }: { history: { points: { n: number; at: string; rating: number }[]; attempts: number; every: number } }) {
  const { points, attempts, every } = history;
  if (points.length < 2) return <p className="muted">Your rating history appears after two attempts.</p>;
  const width = 600;
  const height = 160;
  const ratings = points.map((p) => p.rating);
  const min = Math.min(...ratings) - 20;
  const max = Math.max(...ratings) + 20;
  const first = points[0]?.n ?? 1;
  const last = points[points.length - 1]?.n ?? attempts;
  const x = (n: number) => ((n - first) / Math.max(1, last - first)) * (width - 20) + 10;
  const y = (r: number) => height - 10 - ((r - min) / (max - min)) * (height - 20);
  const line = points.map((p) => `${x(p.n).toFixed(1)},${y(p.rating).toFixed(1)}`).join(" ");
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Rating from ${ratings[0]} to ${ratings[ratings.length - 1]} over ${attempts} attempts`}>
        <polyline points={line} fill="none" stroke="#b3261e" strokeWidth="2.5" />
        <text x="4" y="14" fontSize="12" fill="#5b6474">
          {max - 20}
        </text>
        <text x="4" y={height - 2} fontSize="12" fill="#5b6474">
          {min + 20}
        </text>
      </svg>
      <figcaption className="muted">
        {every === 1 ? `Rating after each attempt (${attempts} attempts).` : `Rating after the first attempt, every ${every === 2 ? "2nd" : `${every}th`} and the latest (${attempts} attempts).`}
      </figcaption>
    </figure>
  );
}
