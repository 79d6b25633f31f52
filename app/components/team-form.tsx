import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { ErrorList, Field, FormErrors } from "./forms";

export function TeamForm<Schema extends Record<string, unknown>>({
  form,
  fields,
  leaders,
  submitLabel,
}: {
  form: FormMetadata<Schema, string[]>;
  fields: { name: FieldMetadata<string>; leaderIds: FieldMetadata<number[]> };
  leaders: { id: number; name: string; email: string }[];
  submitLabel: string;
}) {
  const chosen = new Set([fields.leaderIds.initialValue ?? []].flat().map(String));
  return (
    <Form method="post" className="stacked" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Team name" htmlFor={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
        <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
      </Field>
      <fieldset className="field" aria-describedby={fields.leaderIds.errorId}>
        <legend>Leaders</legend>
        {leaders.length === 0 ? <p className="muted">No users have the leader role yet.</p> : null}
        {leaders.map((leader) => (
          <div className="checkbox" key={leader.id}>
            <input
              type="checkbox"
              id={`leader-${leader.id}`}
              name={fields.leaderIds.name}
              value={leader.id}
              defaultChecked={chosen.has(String(leader.id))}
            />
            <label htmlFor={`leader-${leader.id}`}>
              {leader.name} <span className="muted">{leader.email}</span>
            </label>
          </div>
        ))}
        <ErrorList id={fields.leaderIds.errorId} errors={fields.leaderIds.errors} />
      </fieldset>
      <div>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
