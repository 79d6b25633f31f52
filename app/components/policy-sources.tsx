import { useEffect, useMemo, useRef, useState } from "react";

export type SourceSection = { policyTitle: string; anchor: string; heading: string; html: string };

/** What a search matches: the section's words without the markup. */
function searchText(section: SourceSection) {
  return `${section.anchor} ${section.heading} ${section.policyTitle} ${section.html.replace(/<[^>]+>/g, " ")}`.toLowerCase();
}

/**
 * The policy sections beside a draft: the ones the draft cites first, the rest behind "Show all"
 * (search always covers all), opened by the draft's citations. On a narrow screen the whole panel
 * is a `<details>`, closed until asked for (it works without JavaScript); on a wide one it is
 * always open (styles.css).
 */
export function PolicySources({
  sections,
  cited,
  openAnchor,
  openRequest,
}: {
  sections: SourceSection[];
  /** Anchors the draft cites, in the order it cites them (those that exist are listed first). */
  cited: string[];
  openAnchor: string | null;
  openRequest: number;
}) {
  const [query, setQuery] = useState("");
  const [showAll, setShowAll] = useState(false);
  const panelRef = useRef<HTMLDetailsElement>(null);
  const [expanded, setExpanded] = useState<Set<string>>(new Set());
  const [missing, setMissing] = useState<string | null>(null);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!openAnchor) return;
    if (!sections.some((s) => s.anchor === openAnchor)) {
      setMissing(openAnchor);
      return;
    }
    setMissing(null);
    setQuery("");
    if (panelRef.current) panelRef.current.open = true;
    if (!cited.includes(openAnchor)) setShowAll(true);
    setExpanded((current) => new Set(current).add(openAnchor));
    requestAnimationFrame(() => listRef.current?.querySelector(`[data-anchor="${CSS.escape(openAnchor)}"]`)?.scrollIntoView({ block: "start" }));
  }, [openAnchor, openRequest, sections, cited]);

  const haystacks = useMemo(() => new Map(sections.map((s) => [s.anchor, searchText(s)])), [sections]);
  const needle = query.trim().toLowerCase();
  const citedSections = useMemo(() => {
    const byAnchor = new Map(sections.map((s) => [s.anchor, s]));
    return [...new Set(cited)].flatMap((anchor) => byAnchor.get(anchor) ?? []);
  }, [sections, cited]);
  const rest = useMemo(() => sections.filter((s) => !citedSections.includes(s)), [sections, citedSections]);
  const ordered = [...citedSections, ...rest];
  const shown = needle ? ordered.filter((s) => haystacks.get(s.anchor)?.includes(needle)) : showAll ? ordered : citedSections;

  function toggle(anchor: string) {
    setExpanded((current) => {
      const next = new Set(current);
      if (next.has(anchor)) next.delete(anchor);
      else next.add(anchor);
      return next;
    });
  }

  return (
    <aside className="sources" aria-label="Policy sources">
      <details ref={panelRef} className="sources-panel">
        <summary>
          <h2>Policy sources</h2>
          <span className="muted summary-action"> · {citedSections.length === 1 ? "1 section cited" : `${citedSections.length} sections cited`}</span>
        </summary>
        <label className="field">
          <span>Search the policies</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="e.g. restocking, 30 days, refunds.window" />
        </label>
        {missing ? (
          <p className="notice" role="status">
            No policy section <code>[{missing}]</code> exists.
          </p>
        ) : null}
        <p className="muted" aria-live="polite">
          {needle
            ? `${shown.length} of ${sections.length} sections`
            : showAll
              ? `All ${sections.length} sections, the ${citedSections.length} the draft cites first`
              : `The ${citedSections.length === 1 ? "section" : `${citedSections.length} sections`} the draft cites, of ${sections.length}`}
        </p>
        <div ref={listRef} className="sources-list">
          {shown.map((s) => {
            const open = expanded.has(s.anchor) || (needle.length > 0 && shown.length <= 3);
            return (
              <section key={s.anchor} data-anchor={s.anchor} className={open ? "source open" : "source"}>
                <h3>
                  <button type="button" className="source-toggle" aria-expanded={open} onClick={() => toggle(s.anchor)}>
                    <span className="muted">{s.policyTitle} ›</span> {s.heading} <code>[{s.anchor}]</code>
                    {citedSections.includes(s) ? <span className="badge">cited</span> : null}
                  </button>
                </h3>
                {/* Rendered by markdown-it with raw HTML disabled (app/policies/markdown.ts). */}
                {open ? <div className="source-body" dangerouslySetInnerHTML={{ __html: s.html }} /> : null}
              </section>
            );
          })}
        </div>
        {needle ? null : (
          <button type="button" className="link-button" aria-expanded={showAll} onClick={() => setShowAll(!showAll)}>
            {showAll ? "Show only the cited sections" : `Show all ${sections.length} sections`}
          </button>
        )}
      </details>
    </aside>
  );
}
