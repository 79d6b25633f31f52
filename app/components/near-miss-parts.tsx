import { useEffect, useMemo, useState } from "react";
import type { DetectorId } from "~/app/content/detectors";
import { formatReceiptCode } from "~/app/near-miss/receipt-code";
import type { Redacted, RedactionRules } from "~/app/near-miss/redaction";

/** The redaction module, loaded once in the browser (it carries the detectors and the phone metadata). */
type RedactionModule = typeof import("~/app/near-miss/redaction");
let redactionModule: Promise<RedactionModule> | null = null;

export function loadRedaction(): Promise<RedactionModule> {
  redactionModule ??= import("~/app/near-miss/redaction");
  return redactionModule;
}

/** The redaction module once it has loaded in the browser; null before (and on the server). */
export function useRedaction(): RedactionModule | null {
  const [loaded, setLoaded] = useState<RedactionModule | null>(null);
  useEffect(() => {
    let live = true;
    void loadRedaction().then((module) => {
      if (live) setLoaded(() => module);
    });
    return () => {
      live = false;
    };
  }, []);
  return loaded;
}

export type DetectorOption = { id: DetectorId; label: string };

function countsSentence(redacted: Redacted[], detectors: readonly DetectorOption[]): string {
  const parts = detectors.flatMap((detector) => {
    const n = redacted.reduce((sum, r) => sum + (r.counts[detector.id] ?? 0), 0);
    return n > 0 ? [`${detector.label} (${n})`] : [];
  });
  return parts.length === 0 ? "Nothing to redact found so far." : `Will be redacted: ${parts.join(", ")}.`;
}

/**
 * What will be stored, as the reporter types: the redacted text of each field. Computed in the
 * browser with the same detectors the server runs again on receipt.
 */
export function RedactionPreview({ fields, rules, detectors }: { fields: { label: string; text: string }[]; rules: RedactionRules; detectors: readonly DetectorOption[] }) {
  const redaction = useRedaction();
  const redacted = useMemo(() => (redaction ? fields.map((field) => redaction.redact(field.text, rules)) : null), [redaction, fields, rules]);
  return (
    <section className="panel redaction-preview" aria-labelledby="preview-heading">
      <h2 id="preview-heading">What will be stored</h2>
      {redacted === null ? (
        <p className="muted">The preview appears once the page has loaded. The server redacts everything again when it receives the report.</p>
      ) : (
        <>
          <p role="status" aria-live="polite" className="redaction-summary">
            {countsSentence(redacted, detectors)}
          </p>
          <dl className="preview-fields">
            {fields.map((field, index) => (
              <div key={field.label}>
                <dt>{field.label}</dt>
                <dd className="preview-text" data-testid={`preview-${index}`}>
                  {redacted[index]?.text.trim() ? redacted[index]?.text : <span className="muted">(empty)</span>}
                </dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

export type SectionOption = { anchor: string; heading: string; policyTitle: string };

/** A searchable list of the policy sections, as checkboxes named `name`; chosen ones stay in view. */
export function SectionPicker({ name, sections, initial, errors, errorId }: { name: string; sections: readonly SectionOption[]; initial: readonly string[]; errors?: string[]; errorId: string }) {
  const [query, setQuery] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(initial));
  const needle = query.trim().toLowerCase();
  const shown = sections.filter((s) => chosen.has(s.anchor) || !needle || `${s.anchor} ${s.heading} ${s.policyTitle}`.toLowerCase().includes(needle));
  const toggle = (anchor: string, on: boolean) =>
    setChosen((current) => {
      const next = new Set(current);
      if (on) next.add(anchor);
      else next.delete(anchor);
      return next;
    });
  const invalid = (errors?.length ?? 0) > 0;
  return (
    <fieldset className="field section-picker" aria-describedby={`${errorId}-hint${invalid ? ` ${errorId}` : ""}`}>
      <legend>Policy sections involved (optional)</legend>
      <span id={`${errorId}-hint`} className="muted">
        Which policy sections did the AI get wrong, or should it have followed? {chosen.size > 0 ? `${chosen.size} chosen.` : "None chosen."}
      </span>
      <label className="field">
        <span>Search the sections</span>
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="e.g. return window, refunds.window" />
      </label>
      <div className="scroll-box" role="group" aria-label="Policy sections">
        {shown.length === 0 ? <p className="muted">No section matches “{query}”.</p> : null}
        {shown.map((section) => (
          <div className="checkbox" key={section.anchor}>
            <input type="checkbox" id={`section-${section.anchor}`} name={name} value={section.anchor} checked={chosen.has(section.anchor)} onChange={(event) => toggle(section.anchor, event.target.checked)} />
            <label htmlFor={`section-${section.anchor}`} className="plain-label">
              {section.heading} <span className="muted">· {section.policyTitle}</span> <code className="muted">{section.anchor}</code>
            </label>
          </div>
        ))}
      </div>
      {invalid ? (
        <ul id={errorId} className="field-errors">
          {errors?.map((message) => <li key={message}>{message}</li>)}
        </ul>
      ) : null}
    </fieldset>
  );
}

/** The receipt code, shown once: readable groups, a copy button, and what to do with it. */
export function ReceiptCode({ code }: { code: string }) {
  const formatted = formatReceiptCode(code);
  const [copied, setCopied] = useState<"no" | "yes" | "failed">("no");
  async function copy() {
    try {
      await navigator.clipboard.writeText(formatted);
      setCopied("yes");
    } catch {
      setCopied("failed");
    }
  }
  return (
    <div className="receipt">
      <p className="receipt-code" aria-label="Your receipt code">
        <code data-testid="receipt-code">{formatted}</code>
      </p>
      <p>
        <button type="button" className="primary" onClick={() => void copy()}>
          Copy the code
        </button>{" "}
        <span role="status" aria-live="polite">
          {copied === "yes" ? "Copied." : copied === "failed" ? "Could not copy: select the code and copy it by hand." : ""}
        </span>
      </p>
    </div>
  );
}
