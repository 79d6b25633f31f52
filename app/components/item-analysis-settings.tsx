import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod/v4";
import { Form } from "@remix-run/react";
import { ErrorList, Field } from "~/app/components/forms";
import { DEFAULT_MIN_ATTEMPTS, ItemAnalysisSettingsFormSchema, MIN_ATTEMPTS_RANGE } from "~/app/item-analysis/settings";

/** The admin's setting for item analysis: from how many first attempts its figures appear. */
export function ItemAnalysisSettings({ minAttempts, builtIn, lastResult }: { minAttempts: number; builtIn: boolean; lastResult: SubmissionResult<string[]> | undefined }) {
  const [form, fields] = useForm<{ intent: string; minAttempts: number }>({
    id: "item-analysis-settings",
    lastResult,
    defaultValue: { minAttempts: String(minAttempts) },
    onValidate: ({ formData }) => parseWithZod(formData, { schema: ItemAnalysisSettingsFormSchema }),
    shouldRevalidate: "onInput",
  });
  return (
    <section className="panel">
      <h2>Item analysis</h2>
      <p>
        Authors see a drill's item analysis (facility, discrimination, hints) in the studio once it has this many first attempts; below it the studio says "not enough attempts"
        {builtIn ? ` (the built-in ${DEFAULT_MIN_ATTEMPTS} until saved here)` : ""}. Changes are audited.
      </p>
      {lastResult?.status === "success" ? (
        <p role="status" className="notice">
          Saved. Item analysis shows from {minAttempts} first attempts.
        </p>
      ) : null}
      <Form method="post" className="stacked" {...getFormProps(form)}>
        <ErrorList id={form.errorId} errors={form.errors} level="form" />
        <input type="hidden" name="intent" value="item-analysis" />
        <Field
          labelProps={{ children: "Minimum first attempts" }}
          hint={`A whole number from ${MIN_ATTEMPTS_RANGE.min} to ${MIN_ATTEMPTS_RANGE.max}; ${DEFAULT_MIN_ATTEMPTS} is the usual choice.`}
          inputProps={{ ...getInputProps(fields.minAttempts, { type: "number" }), min: MIN_ATTEMPTS_RANGE.min, max: MIN_ATTEMPTS_RANGE.max, step: 1 }}
          errors={fields.minAttempts.errors}
        />
        <p>
          <button type="submit" className="primary">
            Save minimum
          </button>
        </p>
      </Form>
    </section>
  );
}
