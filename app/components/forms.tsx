import type { FieldMetadata } from "@conform-to/react";
import type { ReactNode } from "react";

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const messages = errors?.filter(Boolean) ?? [];
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="field-errors">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

export function FormErrors({ id, errors }: { id?: string; errors?: string[] | null }) {
  const messages = errors?.filter(Boolean) ?? [];
  if (messages.length === 0) return null;
  return (
    <ul id={id} className="form-errors" role="alert">
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
}

/** A labelled control with its errors wired through aria-describedby. */
export function Field({
  label,
  htmlFor,
  errorId,
  errors,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  errorId: string;
  errors?: string[] | null;
  hint?: string;
  children: ReactNode;
}) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {hint ? <span className="muted">{hint}</span> : null}
      {children}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

/** The values a checkbox group had (after a failed submission they come back from the server). */
export function chosenValues(field: FieldMetadata<unknown>) {
  return new Set([field.initialValue ?? []].flat().map(String));
}

/** A labelled group of checkboxes for a list field, with its errors. */
export function CheckboxGroup({
  legend,
  field,
  options,
  hint,
  columns = 1,
}: {
  legend: string;
  field: FieldMetadata<unknown>;
  options: { value: string; label: ReactNode }[];
  hint?: string;
  columns?: number;
}) {
  const chosen = chosenValues(field);
  const boxes = options.map((option) => (
    <div className="checkbox" key={option.value}>
      <input type="checkbox" id={`${field.id}-${option.value}`} name={field.name} value={option.value} defaultChecked={chosen.has(option.value)} />
      <label htmlFor={`${field.id}-${option.value}`} className="plain-label">
        {option.label}
      </label>
    </div>
  ));
  return (
    <fieldset className="field" aria-describedby={field.errorId}>
      <legend>{legend}</legend>
      {hint ? <span className="muted">{hint}</span> : null}
      {columns === 1 ? boxes : <div className={`scroll-box columns-${columns}`}>{boxes}</div>}
      <ErrorList id={field.errorId} errors={field.errors} />
    </fieldset>
  );
}
