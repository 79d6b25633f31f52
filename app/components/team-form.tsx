import { getFormProps, getInputProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { CheckboxGroup, ErrorList, Field } from "./forms";
import { LANGUAGE_LABELS, PRACTICE_LANGUAGES, WEEKDAY_LABELS, WEEKDAYS } from "~/app/vocabulary";

export function TeamForm<Schema extends Record<string, unknown>>({
  form,
  fields,
  leaders,
  submitLabel,
}: {
  form: FormMetadata<Schema, string[]>;
  fields: { name: FieldMetadata<string>; leaderIds: FieldMetadata<number[]>; practiceLanguages: FieldMetadata<string[]>; workingDays: FieldMetadata<number[]> };
  leaders: { id: number; name: string; email: string }[];
  submitLabel: string;
}) {
  return (
    <Form method="post" className="stacked" {...getFormProps(form)}>
      <ErrorList id={form.errorId} errors={form.errors} level="form" />
      <Field labelProps={{ children: "Team name" }} inputProps={{ ...getInputProps(fields.name, { type: "text" }), autoComplete: "off" }} errors={fields.name.errors} />
      <CheckboxGroup
        legend="Leaders"
        field={fields.leaderIds}
        hint={leaders.length === 0 ? "No users have the leader role yet." : undefined}
        options={leaders.map((leader) => ({
          value: String(leader.id),
          label: (
            <>
              {leader.name} <span className="muted">{leader.email}</span>
            </>
          ),
        }))}
      />
      <input type="hidden" name="practiceLanguagesShown" value="yes" />
      <CheckboxGroup
        legend="Practice languages"
        field={fields.practiceLanguages}
        hint="Self-paced practice serves drills in these languages to the team's agents, unless an agent (or an admin) chooses their own. Assigned drills are served whatever their language."
        options={PRACTICE_LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_LABELS[language] }))}
      />
      <input type="hidden" name="workingDaysShown" value="yes" />
      <CheckboxGroup
        legend="Working days"
        field={fields.workingDays}
        hint="An agent's day streak counts these days: a day off neither breaks nor extends it."
        options={WEEKDAYS.map((day) => ({ value: String(day), label: WEEKDAY_LABELS[day] }))}
      />
      <div>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
