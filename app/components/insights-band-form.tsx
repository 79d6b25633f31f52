import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { BandSettingsFormSchema, LIGHT_EDIT_STEP_PERCENT, type BandSettingsPercent } from "~/app/settings/band-settings";
import { ErrorList, Field } from "./forms";

/** The band settings form (the organisation's defaults, or a team's override), with conform's field errors. */
export function BandSettingsForm({ id, values, lastResult, submitLabel }: { id: string; values: BandSettingsPercent; lastResult: SubmissionResult<string[]> | null | undefined; submitLabel: string }) {
  const [form, fields] = useForm({
    id,
    lastResult,
    defaultValue: { low: String(values.low), high: String(values.high), minDecisions: String(values.minDecisions), lightEdit: String(values.lightEdit) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: BandSettingsFormSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <Form method="post" className="stacked" {...getFormProps(form)}>
      <input type="hidden" name="intent" value="save" />
      <ErrorList id={form.errorId} errors={form.errors} level="form" />
      <Field
        labelProps={{ children: "Low threshold (%)" }}
        hint="Below this override rate: blind-acceptance risk."
        inputProps={{ ...getInputProps(fields.low, { type: "number" }), step: "any", min: 0, max: 100 }}
        errors={fields.low.errors}
      />
      <Field
        labelProps={{ children: "High threshold (%)" }}
        hint="Above this override rate: distrust, or a weak AI."
        inputProps={{ ...getInputProps(fields.high, { type: "number" }), step: "any", min: 0, max: 100 }}
        errors={fields.high.errors}
      />
      <Field
        labelProps={{ children: "Minimum decisions" }}
        hint="Fewer decisions than this show “not enough data” instead of a band."
        inputProps={{ ...getInputProps(fields.minDecisions, { type: "number" }), step: 1, min: 1 }}
        errors={fields.minDecisions.errors}
      />
      <Field
        labelProps={{ children: "Light-edit threshold (%)" }}
        hint={`A production edit that changed less than this share of the suggestion counts as accepted. In steps of ${LIGHT_EDIT_STEP_PERCENT} %.`}
        inputProps={{ ...getInputProps(fields.lightEdit, { type: "number" }), step: LIGHT_EDIT_STEP_PERCENT, min: 0, max: 100 }}
        errors={fields.lightEdit.errors}
      />
      <div>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
