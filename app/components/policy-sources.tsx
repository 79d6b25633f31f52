import { useEffect, useMemo, useRef, useState } from "react";

export type SourceSection = { policyTitle: string; anchor: string; heading: string; html: string };

/** What a search matches: the section's words without the markup. */
function searchText(section: SourceSection) {
  return `${section.anchor} ${section.heading} ${section.policyTitle} ${section.html.replace(/<[^>]+>/g, " ")}`.toLowerCase();
}

/** The policy sections beside a draft: searchable, and opened by the draft's citations. */
export function PolicySources({ sections, openAnchor, openRequest }: { sections: SourceSection[]; openAnchor: string | null; openRequest: number }) {
  const [query, setQuery] = useState("");
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
    setExpanded((current) => new Set(current).add(openAnchor));
    requestAnimationFrame(() => listRef.current?.querySelector(`[data-anchor="${CSS.escape(openAnchor)}"]`)?.scrollIntoView({ block: "start" }));
  }, [openAnchor, openRequest, sections]);

  const haystacks = useMemo(() => new Map(sections.map((s) => [s.anchor, searchText(s)])), [sections]);
  const needle = query.trim().toLowerCase();
  const shown = needle ? sections.filter((s) => haystacks.get(s.anchor)?.includes(needle)) : sections;

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
      <h2>Policy sources</h2>
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
        {shown.length} of {sections.length} sections
      </p>
      <div ref={listRef} className="sources-list">
        {shown.map((s) => {
          const open = expanded.has(s.anchor) || (needle.length > 0 && shown.length <= 3);
          return (
            <section key={s.anchor} data-anchor={s.anchor} className={open ? "source open" : "source"}>
              <h3>
                <button type="button" className="source-toggle" aria-expanded={open} onClick={() => toggle(s.anchor)}>
                  <span className="muted">{s.policyTitle} ›</span> {s.heading} <code>[{s.anchor}]</code>
                </button>
              </h3>
              {/* Rendered by markdown-it with raw HTML disabled (app/policies/markdown.ts). */}
              {open ? <div className="source-body" dangerouslySetInnerHTML={{ __html: s.html }} /> : null}
            </section>
          );
        })}
      </div>
    </aside>
  );
}
