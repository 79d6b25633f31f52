import { Link } from "@remix-run/react";

/** Previous and next links between the pages of a list, keeping the list's other query parameters (`query`, without `page`). */
export function Pager({ page, pages, query, label }: { page: number; pages: number; query: URLSearchParams; label: string }) {
  if (pages <= 1) return null;
  const to = (target: number) => {
    const params = new URLSearchParams(query);
    params.set("page", String(target));
    return `?${params.toString()}`;
  };
  return (
    <nav className="pager" aria-label={label}>
      {page > 1 ? (
        <Link to={to(page - 1)} rel="prev">
          ← Previous page
        </Link>
      ) : null}
      <span>{`Page ${page} of ${pages}`}</span>
      {page < pages ? (
        <Link to={to(page + 1)} rel="next">
          Next page →
        </Link>
      ) : null}
    </nav>
  );
}
