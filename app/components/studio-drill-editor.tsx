import { Form, useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState, type ReactNode } from "react";
import { findOccurrences } from "~/app/content/drill";
import type { StudioFeedback } from "~/app/studio/studio-form";
import { flawFields, type StudioFields, type StudioFlawFields } from "~/app/studio/studio-source";
import { CHANNELS, DECISIONS, FLAW_LABELS, FLAW_TYPES, type FlawType } from "~/app/vocabulary";
import { describeControl, ErrorList } from "./forms";

export type PickerSection = { anchor: string; heading: string; policyTitle: string };

/** The key that declares the selected text a flaw of each type, with Alt+Shift (the letter is shown on its button). */
export const FLAW_KEYS: Record<FlawType, string> = { hallucination: "H", missing_citation: "M", fabricated_citation: "F", restricted_data: "R", tone: "T" };
const CHECK_DELAY_MS = 600;

type Props = {
  drillId: string;
  version: number;
  initialFields: StudioFields;
  initialFeedback: StudioFeedback;
  /** The feedback of the last save or publish, if any. */
  actionFeedback?: StudioFeedback;
  sections: PickerSection[];
  submitting: boolean;
};

/**
 * The studio's drill form: every field of the drill format; flaws declared by selecting their
 * words in the draft (mouse, or Shift+arrows then Alt+Shift+the type's letter); policy sections
 * and citations picked from one searchable list; the validator's findings shown at their fields
 * as the author types (checked on the server with exactly content:check's rules).
 */
export function StudioDrillEditor({ drillId, version, initialFields, initialFeedback, actionFeedback, sections, submitting }: Props) {
  const [fields, setFields] = useState(initialFields);
  const [feedback, setFeedback] = useState(initialFeedback);
  // Two live regions, so a check's result never replaces what the author's last action announced.
  const [announcement, setAnnouncement] = useState("");
  const [checkAnnouncement, setCheckAnnouncement] = useState("");
  const formRef = useRef<HTMLFormElement>(null);
  const draftRef = useRef<HTMLTextAreaElement>(null);
  const cursor = useRef(0);
  const focusAfterRender = useRef<string | null>(null);
  const checker = useFetcher<{ feedback?: StudioFeedback }>();
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const edited = useRef(false);

  useEffect(() => {
    if (actionFeedback) setFeedback(actionFeedback);
  }, [actionFeedback]);
  useEffect(() => {
    const checked = checker.data?.feedback;
    if (!checked) return;
    setFeedback(checked);
    const count = problemCount(checked);
    setCheckAnnouncement(count === 0 ? "Checked: no problems, ready to publish." : `Checked: ${count} ${count === 1 ? "problem" : "problems"}.`);
  }, [checker.data]);
  // Checks what is on the screen a moment after the author stops typing.
  useEffect(() => {
    if (!edited.current) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      if (!formRef.current) return;
      const data = new FormData(formRef.current);
      data.set("intent", "check");
      checker.submit(data, { method: "post" });
    }, CHECK_DELAY_MS);
    return () => clearTimeout(timer.current);
    // checker.submit is stable; re-running on it would re-check in a loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [fields]);
  useEffect(() => {
    if (!focusAfterRender.current) return;
    document.getElementById(focusAfterRender.current)?.focus();
    focusAfterRender.current = null;
  });

  function update(change: Partial<StudioFields>) {
    edited.current = true;
    setFields((current) => ({ ...current, ...change }));
  }
  function updateFlaw(index: number, change: Partial<StudioFlawFields>) {
    edited.current = true;
    setFields((current) => ({ ...current, flaws: current.flaws.map((flaw, i) => (i === index ? { ...flaw, ...change } : flaw)) }));
  }

  function declareFlaw(type: FlawType) {
    const area = draftRef.current;
    const draft = fields.draft;
    let start = area?.selectionStart ?? 0;
    let end = area?.selectionEnd ?? 0;
    while (start < end && /\s/.test(draft[start] ?? "")) start++;
    while (end > start && /\s/.test(draft[end - 1] ?? "")) end--;
    if (start === end) {
      setAnnouncement("Select the flaw's words in the draft first: with the mouse, or Shift and the arrow keys.");
      area?.focus();
      return;
    }
    const quote = draft.slice(start, end);
    const occurrences = findOccurrences(draft, quote);
    const occurrence = occurrences.length > 1 ? String(occurrences.indexOf(start) + 1) : "";
    const index = fields.flaws.length;
    update({ flaws: [...fields.flaws, flawFields({ type, quote, occurrence })] });
    focusAfterRender.current = `flaws.${index}.explanation`;
    setAnnouncement(`${FLAW_LABELS[type]} flaw ${index + 1} added for “${quote}”. Write its explanation.`);
  }

  function insertCitation(anchor: string) {
    const at = Math.min(cursor.current, fields.draft.length);
    // Citations stand apart from the word before them: "within 30 days [refunds.window]".
    const citation = `${at > 0 && !/\s/.test(fields.draft[at - 1] ?? "") ? " " : ""}[${anchor}]`;
    update({ draft: `${fields.draft.slice(0, at)}${citation}${fields.draft.slice(at)}` });
    cursor.current = at + citation.length;
    setAnnouncement(`Citation [${anchor}] inserted in the draft.`);
  }

  const errorsOf = (key: string) => feedback.fieldErrors[key];
  const count = problemCount(feedback);
  return (
    // Saving or publishing checks the drill anyway: a check still waiting for its moment is dropped, not sent after the save.
    <Form method="post" ref={formRef} className="studio-editor" aria-describedby="studio-check-summary" onSubmit={() => clearTimeout(timer.current)}>
      <input type="hidden" name="version" value={version} />
      <input type="hidden" name="id" value={drillId} />
      <p role="status" className="visually-hidden">
        {announcement}
      </p>
      <p role="status" className="visually-hidden">
        {checkAnnouncement}
      </p>
      <div id="studio-check-summary" className={count === 0 ? "notice" : "form-errors"}>
        {count === 0 ? "The validator finds no problem: this drill can be published." : `The validator finds ${count} ${count === 1 ? "problem" : "problems"}; each is shown at its field. A draft with problems can be saved, not published.`}
        {checker.state !== "idle" ? <span className="muted"> Checking…</span> : null}
      </div>
      <ErrorList errors={[...feedback.formErrors, ...(feedback.fieldErrors.form ?? [])]} level="form" />
      {feedback.warnings.length > 0 ? (
        <ul className="muted">
          {feedback.warnings.map((warning) => (
            <li key={warning}>Warning: {warning}</li>
          ))}
        </ul>
      ) : null}

      <fieldset className="panel">
        <legend>About the drill</legend>
        <p className="muted">
          Id <code>{drillId}</code> (fixed: revisions and attempts are filed under it).
        </p>
        <TextInput name="title" label="Title (authors see it; agents never do)" value={fields.title} onChange={(title) => update({ title })} errors={errorsOf("title")} />
        <div className="field-row">
          <TextInput name="locale" label="Language (locale)" value={fields.locale} onChange={(locale) => update({ locale })} errors={errorsOf("locale")} hint="A language tag: en, ja, de, fr, es…" />
          <Choice name="channel" label="Channel" value={fields.channel} onChange={(channel) => update({ channel })} errors={errorsOf("channel")} options={CHANNELS.map((value) => [value, value === "chat" ? "Chat" : "Email"])} />
          <Choice name="difficulty" label="Difficulty (your guess)" value={fields.difficulty} onChange={(difficulty) => update({ difficulty })} errors={errorsOf("difficulty")} options={["1", "2", "3", "4", "5"].map((value) => [value, value])} />
        </div>
        <TextInput name="skills" label="Skills" value={fields.skills} onChange={(skills) => update({ skills })} errors={errorsOf("skills")} hint="Comma-separated, e.g. return-window, citations" />
      </fieldset>

      <fieldset className="panel">
        <legend>What the agent sees</legend>
        <TextArea name="customer" label="Customer message" rows={6} value={fields.customer} onChange={(customer) => update({ customer })} errors={errorsOf("customer")} lang={fields.locale} />
        <TextArea
          name="draft"
          label="AI draft"
          rows={10}
          value={fields.draft}
          onChange={(draft) => update({ draft })}
          errors={errorsOf("draft")}
          lang={fields.locale}
          hint="Select a flaw's words (mouse, or Shift and the arrow keys), then press a flaw button below or Alt+Shift and its letter."
          inputRef={draftRef}
          onCursor={(at) => (cursor.current = at)}
          onKeyDown={(event) => {
            if (!event.altKey || !event.shiftKey) return;
            const type = FLAW_TYPES.find((candidate) => `Key${FLAW_KEYS[candidate]}` === event.code);
            if (!type) return;
            event.preventDefault();
            declareFlaw(type);
          }}
        />
        {feedback.draftProblems.length > 0 ? (
          <ul className="draft-problems" aria-label="Where in the draft">
            {feedback.draftProblems.map((problem, index) => (
              <li key={index}>
                <span lang={fields.locale}>
                  …{fields.draft.slice(Math.max(0, problem.start - 30), problem.start)}
                  <mark>{fields.draft.slice(problem.start, problem.end)}</mark>
                  {fields.draft.slice(problem.end, problem.end + 30)}…
                </span>
                <span className="visually-hidden"> — {problem.message}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <div className="flaw-buttons" role="group" aria-label="Declare the selected text a flaw">
          {FLAW_TYPES.map((type) => (
            <button key={type} type="button" aria-keyshortcuts={`Alt+Shift+${FLAW_KEYS[type]}`} onMouseDown={(event) => event.preventDefault()} onClick={() => declareFlaw(type)}>
              {FLAW_LABELS[type]} <kbd>Alt+Shift+{FLAW_KEYS[type]}</kbd>
            </button>
          ))}
        </div>
        <CitationPicker sections={sections} onInsert={insertCitation} />
      </fieldset>

      <fieldset className="panel">
        <legend>Planted flaws ({fields.flaws.length})</legend>
        {fields.flaws.length === 0 ? <p className="muted">No flaws: this drill is a clean control, and the right decision is to send it.</p> : null}
        {fields.flaws.map((flaw, index) => (
          <fieldset key={index} className="flaw-row">
            <legend>
              Flaw {index + 1}
              {flaw.type && flaw.type in FLAW_LABELS ? `: ${FLAW_LABELS[flaw.type as FlawType]}` : ""}
            </legend>
            <ErrorList errors={errorsOf(`flaws.${index}`)} />
            <Choice name={`flaws.${index}.type`} label="Type" value={flaw.type} onChange={(type) => updateFlaw(index, { type })} errors={errorsOf(`flaws.${index}.type`)} options={[["", "Choose a type"], ...FLAW_TYPES.map((type): [string, string] => [type, FLAW_LABELS[type]])]} />
            <TextArea name={`flaws.${index}.quote`} label="Quote (the flaw's exact words in the draft)" rows={2} value={flaw.quote} onChange={(quote) => updateFlaw(index, { quote })} errors={errorsOf(`flaws.${index}.quote`)} lang={fields.locale} />
            <TextInput name={`flaws.${index}.occurrence`} label="Occurrence (when the quote appears more than once)" value={flaw.occurrence} onChange={(occurrence) => updateFlaw(index, { occurrence })} errors={errorsOf(`flaws.${index}.occurrence`)} inputMode="numeric" />
            <TextArea name={`flaws.${index}.explanation`} label="Explanation (what the feedback teaches)" rows={3} value={flaw.explanation} onChange={(explanation) => updateFlaw(index, { explanation })} errors={errorsOf(`flaws.${index}.explanation`)} lang={fields.locale} />
            <TextInput name={`flaws.${index}.policy`} label="Violated policy section" value={flaw.policy} onChange={(policy) => updateFlaw(index, { policy })} errors={errorsOf(`flaws.${index}.policy`)} list="studio-sections" hint="Type to search the sections, e.g. refunds.window" />
            <TextInput name={`flaws.${index}.accept`} label="Also accept these types (optional)" value={flaw.accept} onChange={(accept) => updateFlaw(index, { accept })} errors={errorsOf(`flaws.${index}.accept`)} hint="For a flaw that honestly fits two types, e.g. missing_citation" />
            <button type="button" className="link-button" onClick={() => update({ flaws: fields.flaws.filter((_, i) => i !== index) })}>
              Remove flaw {index + 1}
            </button>
          </fieldset>
        ))}
      </fieldset>

      <fieldset className="panel">
        <legend>The right decision</legend>
        <Choice
          name="expected"
          label="Expected decision"
          value={fields.expected}
          onChange={(expected) => update({ expected })}
          errors={errorsOf("expected")}
          options={[["", "The default: send a clean control, rewrite a flawed draft"], ...DECISIONS.map((value): [string, string] => [value, value === "send" ? "Send as is" : value === "rewrite" ? "Rewrite" : "Escalate (hand over)"])]}
        />
        <TextArea name="escalation" label="Why the agent must escalate (with Escalate only)" rows={2} value={fields.escalation} onChange={(escalation) => update({ escalation })} errors={errorsOf("escalation")} />
      </fieldset>

      <datalist id="studio-sections">
        {sections.map((section) => (
          <option key={section.anchor} value={section.anchor}>
            {section.heading} — {section.policyTitle}
          </option>
        ))}
      </datalist>
      <div className="submit-row">
        <button type="submit" name="intent" value="save" disabled={submitting}>
          Save draft
        </button>
        <button type="submit" name="intent" value="publish" className="primary" disabled={submitting}>
          Publish
        </button>
      </div>
    </Form>
  );
}

function problemCount(feedback: StudioFeedback) {
  return feedback.formErrors.length + Object.values(feedback.fieldErrors).reduce((sum, list) => sum + list.length, 0);
}

function CitationPicker({ sections, onInsert }: { sections: PickerSection[]; onInsert: (anchor: string) => void }) {
  const [anchor, setAnchor] = useState("");
  const known = sections.some((section) => section.anchor === anchor.trim());
  return (
    <div className="citation-picker">
      <label htmlFor="citation-anchor">Insert a citation at the draft's cursor</label>
      <input id="citation-anchor" list="studio-sections" value={anchor} onChange={(event) => setAnchor(event.target.value)} placeholder="Search sections" />
      <button type="button" disabled={!known} onClick={() => onInsert(anchor.trim())}>
        Insert citation
      </button>
    </div>
  );
}

type ControlProps = { name: string; label: string; value: string; onChange: (value: string) => void; errors?: string[]; hint?: ReactNode };

/** As the house `Field` lays a field out (components/forms.tsx): label, hint, control, errors. */
function Hint({ id, children }: { id?: string; children?: ReactNode }) {
  return id ? (
    <span id={id} className="muted">
      {children}
    </span>
  ) : null;
}

function TextInput({ name, label, value, onChange, errors, hint, list, inputMode }: ControlProps & { list?: string; inputMode?: "numeric" }) {
  const control = describeControl({ id: name, errors, hint });
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <Hint id={control.hintId}>{hint}</Hint>
      <input id={name} name={name} value={value} onChange={(event) => onChange(event.target.value)} list={list} inputMode={inputMode} autoComplete="off" {...control.aria} />
      <ErrorList id={control.errorId} errors={errors} />
    </div>
  );
}

function TextArea({
  name,
  label,
  value,
  onChange,
  errors,
  hint,
  rows,
  lang,
  inputRef,
  onCursor,
  onKeyDown,
}: ControlProps & { rows: number; lang?: string; inputRef?: React.RefObject<HTMLTextAreaElement>; onCursor?: (at: number) => void; onKeyDown?: React.KeyboardEventHandler<HTMLTextAreaElement> }) {
  const control = describeControl({ id: name, errors, hint });
  const report = (event: React.SyntheticEvent<HTMLTextAreaElement>) => onCursor?.(event.currentTarget.selectionStart);
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <Hint id={control.hintId}>{hint}</Hint>
      <textarea id={name} name={name} rows={rows} value={value} lang={lang || undefined} ref={inputRef} onChange={(event) => onChange(event.target.value)} onSelect={report} onKeyUp={report} onClick={report} onKeyDown={onKeyDown} {...control.aria} />
      <ErrorList id={control.errorId} errors={errors} />
    </div>
  );
}

function Choice({ name, label, value, onChange, errors, options }: ControlProps & { options: [string, string][] }) {
  const control = describeControl({ id: name, errors });
  const known = options.some(([option]) => option === value);
  return (
    <div className="field">
      <label htmlFor={name}>{label}</label>
      <select id={name} name={name} value={value} onChange={(event) => onChange(event.target.value)} {...control.aria}>
        {known ? null : <option value={value}>{value}</option>}
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
      <ErrorList id={control.errorId} errors={errors} />
    </div>
  );
}
