import { getFormProps, getInputProps, getSelectProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import type { ReactNode } from "react";
import { ROLE_LABELS } from "~/app/auth/permissions";
import { ErrorList, Field, SelectField } from "./forms";
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
      <ErrorList id={form.errorId} errors={form.errors} level="form" />
      <Field labelProps={{ children: "Email" }} inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }} errors={fields.email.errors} />
      <Field labelProps={{ children: "Name" }} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} errors={fields.name.errors} />
      <SelectField labelProps={{ children: "Role" }} selectProps={getSelectProps(fields.role)} errors={fields.role.errors}>
        <option value="">Choose a role</option>
        {ROLES.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </SelectField>
      <SelectField labelProps={{ children: "Team" }} selectProps={getSelectProps(fields.teamId)} errors={fields.teamId.errors}>
        <option value="">Choose a team</option>
        {teams.map((team) => (
          <option key={team.id} value={team.id}>
            {team.name}
          </option>
        ))}
      </SelectField>
      {children}
      <div>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
