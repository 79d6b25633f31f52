import { getFormProps, getInputProps, getSelectProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ROLE_LABELS } from "~/app/auth/permissions";
import { Field, FormErrors } from "./forms";
import { ROLES } from "~/app/vocabulary";

type UserFields = {
  email: FieldMetadata<string>;
  name: FieldMetadata<string>;
  role: FieldMetadata<string>;
  teamId: FieldMetadata<number>;
};

/** The fields new and edited users share; `extra` adds the route's own. */
export function UserForm<Schema extends Record<string, unknown>>({
  form,
  fields,
  teams,
  submitLabel,
  children,
}: {
  form: FormMetadata<Schema, string[]>;
  fields: UserFields;
  teams: { id: number; name: string }[];
  submitLabel: string;
  children?: ReactNode;
}) {
  return (
    <Form method="post" className="stacked" {...getFormProps(form)}>
      <FormErrors id={form.errorId} errors={form.errors} />
      <Field label="Email" htmlFor={fields.email.id} errorId={fields.email.errorId} errors={fields.email.errors}>
        <input {...getInputProps(fields.email, { type: "email" })} autoComplete="off" />
      </Field>
      <Field label="Name" htmlFor={fields.name.id} errorId={fields.name.errorId} errors={fields.name.errors}>
        <input {...getInputProps(fields.name, { type: "text" })} autoComplete="off" />
      </Field>
      <Field label="Role" htmlFor={fields.role.id} errorId={fields.role.errorId} errors={fields.role.errors}>
        <select {...getSelectProps(fields.role)}>
          <option value="">Choose a role</option>
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Team" htmlFor={fields.teamId.id} errorId={fields.teamId.errorId} errors={fields.teamId.errors}>
        <select {...getSelectProps(fields.teamId)}>
          <option value="">Choose a team</option>
          {teams.map((team) => (
            <option key={team.id} value={team.id}>
              {team.name}
            </option>
          ))}
        </select>
      </Field>
      {children}
      <div>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
