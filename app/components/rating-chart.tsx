/** The rating over attempts as an SVG line; a table alternative is given for screen readers. */
export function RatingChart({ points }: { points: { at: string; rating: number }[] }) {
  if (points.length < 2) return <p className="muted">Your rating history appears after two attempts.</p>;
  const width = 600;
  const height = 160;
  const ratings = points.map((p) => p.rating);
  const min = Math.min(...ratings) - 20;
  const max = Math.max(...ratings) + 20;
  const x = (i: number) => (i / (points.length - 1)) * (width - 20) + 10;
  const y = (r: number) => height - 10 - ((r - min) / (max - min)) * (height - 20);
  const line = points.map((p, i) => `${x(i).toFixed(1)},${y(p.rating).toFixed(1)}`).join(" ");
  return (
    <figure>
      <svg className="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Rating from ${ratings[0]} to ${ratings[ratings.length - 1]} over ${points.length} attempts`}>
        <polyline points={line} fill="none" stroke="#b3261e" strokeWidth="2.5" />
        <text x="4" y="14" fontSize="12" fill="#5b6474">
          {max - 20}
        </text>
        <text x="4" y={height - 2} fontSize="12" fill="#5b6474">
          {min + 20}
        </text>
      </svg>
      <figcaption className="muted">
        Rating after each attempt ({points.length} attempts).
      </figcaption>
    </figure>
  );
}
