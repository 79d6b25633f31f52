import type { FieldMetadata } from "@conform-to/react";
import { useId, type InputHTMLAttributes, type Key, type LabelHTMLAttributes, type ReactNode, type SelectHTMLAttributes, type TextareaHTMLAttributes } from "react";

export type ListOfErrors = Array<string | null | undefined> | null | undefined;

function messagesOf(errors: ListOfErrors) {
  return [...new Set(errors?.filter((message): message is string => Boolean(message)) ?? [])];
}

/**
 * The errors of one field (under it), or of the form as a whole (`level="form"`: a boxed list for
 * problems no visible field owns, announced as an alert). `announce` also makes a field's errors
 * an alert, for a field whose errors appear without focus landing on a described control.
 * Renders nothing without errors.
 */
export function ErrorList({
  id,
  errors,
  level = "field",
  announce = level === "form",
}: {
  id?: string;
  errors?: ListOfErrors;
  level?: "field" | "form";
  announce?: boolean;
}) {
  const messages = messagesOf(errors);
  if (messages.length === 0) return null;
  const list = (
    <ul id={id} className={level === "form" ? "form-errors" : "field-errors"}>
      {messages.map((message) => (
        <li key={message}>{message}</li>
      ))}
    </ul>
  );
  // The alert wraps the list: a role on the <ul> itself would take its list semantics away.
  return announce ? <div role="alert">{list}</div> : list;
}

/**
 * The ids a control's hint and error list get (`<id>-hint`, `<id>-error`, the latter matching
 * conform's `errorId`), and the aria attributes that point at them. Only what is shown is
 * referenced, so `aria-describedby` never names an element that is not on the page.
 */
export function describeControl({ id, errors, hint, describedBy }: { id: string; errors?: ListOfErrors; hint?: ReactNode; describedBy?: string }) {
  const invalid = messagesOf(errors).length > 0;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = invalid ? `${id}-error` : undefined;
  // A caller's own descriptions are kept; the hint and error ids are decided here (conform's
  // props name the error id too, whether or not the list is shown).
  const ownIds = new Set([`${id}-error`, `${id}-hint`]);
  const callerIds = describedBy?.split(/\s+/).filter((token) => token && !ownIds.has(token)) ?? [];
  const ids = [errorId, hintId, ...callerIds].filter((token): token is string => Boolean(token));
  return {
    hintId,
    errorId,
    aria: {
      "aria-invalid": invalid ? true : undefined,
      "aria-describedby": ids.length > 0 ? ids.join(" ") : undefined,
    },
  };
}

/** conform's `get*Props` return a `key` (to remount the control on reset); React wants it apart from the spread. */
type ControlProps<Attributes> = Attributes & { key?: Key | null };

type FieldProps = {
  labelProps: LabelHTMLAttributes<HTMLLabelElement>;
  errors?: ListOfErrors;
  hint?: ReactNode;
  className?: string;
};

/**
 * The house field (epic-stack's `Field`): the label, the hint, the control and its errors, with
 * the control's `id`, `aria-invalid` and `aria-describedby` derived here, not by each caller.
 */
function FieldFrame({
  id,
  describedBy,
  labelProps,
  errors,
  hint,
  className,
  render,
}: FieldProps & { id: string | undefined; describedBy: string | undefined; render: (control: { id: string; "aria-invalid"?: boolean; "aria-describedby"?: string }) => ReactNode }) {
  const fallbackId = useId();
  const controlId = id ?? fallbackId;
  const { hintId, errorId, aria } = describeControl({ id: controlId, errors, hint, describedBy });
  return (
    <div className={className ? `field ${className}` : "field"}>
      <label {...labelProps} htmlFor={controlId} />
      {hint ? (
        <span id={hintId} className="muted">
          {hint}
        </span>
      ) : null}
      {render({ id: controlId, ...aria })}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function Field({ inputProps, ...props }: FieldProps & { inputProps: ControlProps<InputHTMLAttributes<HTMLInputElement>> }) {
  const { key, ...input } = inputProps;
  return <FieldFrame {...props} id={input.id} describedBy={input["aria-describedby"]} render={(control) => <input key={key} {...input} {...control} />} />;
}

export function TextareaField({ textareaProps, ...props }: FieldProps & { textareaProps: ControlProps<TextareaHTMLAttributes<HTMLTextAreaElement>> }) {
  const { key, ...textarea } = textareaProps;
  return <FieldFrame {...props} id={textarea.id} describedBy={textarea["aria-describedby"]} render={(control) => <textarea key={key} {...textarea} {...control} />} />;
}

export function SelectField({
  selectProps,
  children,
  ...props
}: FieldProps & { selectProps: ControlProps<SelectHTMLAttributes<HTMLSelectElement>>; children: ReactNode }) {
  const { key, ...select } = selectProps;
  return (
    <FieldFrame
      {...props}
      id={select.id}
      describedBy={select["aria-describedby"]}
      render={(control) => (
        <select key={key} {...select} {...control}>
          {children}
        </select>
      )}
    />
  );
}

/** One checkbox with its label after it, and its errors. */
export function CheckboxField({
  labelProps,
  inputProps,
  errors,
  className,
}: {
  labelProps: LabelHTMLAttributes<HTMLLabelElement>;
  inputProps: ControlProps<InputHTMLAttributes<HTMLInputElement>>;
  errors?: ListOfErrors;
  className?: string;
}) {
  const { key, ...input } = inputProps;
  const fallbackId = useId();
  const id = input.id ?? fallbackId;
  const { errorId, aria } = describeControl({ id, errors, describedBy: input["aria-describedby"] });
  return (
    <div className={className ? `field ${className}` : "field"}>
      <div className="checkbox">
        <input key={key} {...input} type="checkbox" id={id} {...aria} />
        <label {...labelProps} htmlFor={id} />
      </div>
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

/** The values a checkbox group had (after a failed submission they come back from the server). */
export function chosenValues(field: FieldMetadata<unknown>) {
  return new Set([field.initialValue ?? []].flat().map(String));
}

/** A labelled group of checkboxes for a list field, with its hint and errors described on the group. */
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
  const { hintId, errorId, aria } = describeControl({ id: field.id, errors: field.errors, hint });
  const boxes = options.map((option) => (
    <div className="checkbox" key={option.value}>
      <input type="checkbox" id={`${field.id}-${option.value}`} name={field.name} value={option.value} defaultChecked={chosen.has(option.value)} />
      <label htmlFor={`${field.id}-${option.value}`} className="plain-label">
        {option.label}
      </label>
    </div>
  ));
  return (
    <fieldset className="field" aria-describedby={aria["aria-describedby"]}>
      <legend>{legend}</legend>
      {hint ? (
        <span id={hintId} className="muted">
          {hint}
        </span>
      ) : null}
      {columns === 1 ? boxes : <div className={`scroll-box columns-${columns}`}>{boxes}</div>}
      <ErrorList id={errorId} errors={field.errors} />
    </fieldset>
  );
}
