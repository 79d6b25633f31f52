import { getFormProps, getInputProps, getSelectProps, type FieldMetadata, type FormMetadata } from "@conform-to/react";
import { Form } from "@remix-run/react";
import { useState } from "react";
import { FLAW_LABELS } from "~/app/vocabulary";
import { CheckboxGroup, chosenValues, describeControl, ErrorList, Field, SelectField } from "./forms";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

type AssignmentFields = {
  title: FieldMetadata<string>;
  teamIds: FieldMetadata<number[]>;
  dueAt: FieldMetadata<string>;
  mode: FieldMetadata<string>;
  drillIds: FieldMetadata<string[]>;
  flawTypes: FieldMetadata<FlawType[]>;
  skills: FieldMetadata<string[]>;
  locale: FieldMetadata<string | null>;
  count: FieldMetadata<number>;
  /** Editing only: the version the editor opened (assignments/changes.server). */
  version?: FieldMetadata<number>;
};

export type DrillOption = { id: string; title: string; locale: string; flawTypes: FlawType[] };

/** Editing: the assignment's drills now, and why they can no longer change (null while they can). */
export type CurrentDrills = { drills: { id: string; title: string; locale: string | null; status: string }[]; locked: string | null };

export function AssignmentForm<Schema extends Record<string, unknown>>({
  form,
  fields,
  teams,
  drills,
  skills,
  locales,
  minDueDate,
  current,
  submitLabel,
}: {
  form: FormMetadata<Schema, string[]>;
  fields: AssignmentFields;
  teams: { id: number; name: string }[];
  drills: DrillOption[];
  skills: string[];
  locales: string[];
  minDueDate: string;
  current?: CurrentDrills;
  submitLabel: string;
}) {
  const mode = fields.mode.value === "filter" ? "filter" : fields.mode.value === "keep" && current ? "keep" : "list";
  const modes = current ? (["keep", "list", "filter"] as const) : (["list", "filter"] as const);
  const [search, setSearch] = useState("");
  const needle = search.trim().toLowerCase();
  const chosenDrills = chosenValues(fields.drillIds);
  const matches = (drill: DrillOption) =>
    needle === "" || [drill.title, drill.id, drill.locale, ...drill.flawTypes.map((t) => FLAW_LABELS[t])].some((text) => text.toLowerCase().includes(needle));
  const shown = drills.filter(matches).length;
  const picked = [fields.drillIds.value ?? []].flat().length;
  const modeControl = describeControl({ id: fields.mode.id, errors: fields.mode.errors });
  const drillsControl = describeControl({ id: fields.drillIds.id, errors: fields.drillIds.errors });
  return (
    <Form method="post" className="stacked" {...getFormProps(form)}>
      <ErrorList id={form.errorId} errors={[...(form.errors ?? []), ...(fields.version?.errors ?? [])]} level="form" />
      {fields.version ? <HiddenInput field={fields.version} /> : null}
      <Field labelProps={{ children: "Title" }} inputProps={{ ...getInputProps(fields.title, { type: "text" }), autoComplete: "off" }} errors={fields.title.errors} />
      <CheckboxGroup legend="Teams" field={fields.teamIds} options={teams.map((team) => ({ value: String(team.id), label: team.name }))} />
      {teams.length === 0 ? <p className="muted">You do not lead a team, so there is nobody you can assign drills to.</p> : null}
      <Field
        labelProps={{ children: "Due date" }}
        hint="Due at the end of that day (UTC)."
        inputProps={{ ...getInputProps(fields.dueAt, { type: "date" }), min: minDueDate }}
        errors={fields.dueAt.errors}
      />

      {current?.locked ? (
        <LockedDrills current={current} modeName={fields.mode.name} />
      ) : (
      <>
      <fieldset className="field" aria-describedby={modeControl.aria["aria-describedby"]}>
        <legend>Drills</legend>
        {modes.map((value) => {
          const { key, ...radio } = getInputProps(fields.mode, { type: "radio", value });
          return (
            <div className="checkbox" key={value}>
              <input key={key} {...radio} id={`${fields.mode.id}-${value}`} />
              <label htmlFor={`${fields.mode.id}-${value}`} className="plain-label">
                {value === "keep" ? `Keep the current ${current?.drills.length ?? 0} drills` : value === "list" ? "Pick drills" : "By filter"}
              </label>
            </div>
          );
        })}
        <ErrorList id={modeControl.errorId} errors={fields.mode.errors} />
      </fieldset>

      {/* The other mode's inputs stay in the form (hidden) so switching back keeps them; the schema ignores them. */}
      <fieldset className="field" hidden={mode !== "list"} aria-describedby={drillsControl.aria["aria-describedby"]}>
        <legend>Pick drills</legend>
        <label htmlFor="drill-search" className="visually-hidden">
          Search drills
        </label>
        <input id="drill-search" type="search" placeholder="Search by title, id, locale or flaw type" value={search} onChange={(event) => setSearch(event.target.value)} />
        <span className="muted" aria-live="polite">
          {needle === "" ? `${drills.length} active drills` : `${shown} of ${drills.length} drills match`} · {picked} picked
        </span>
        <div className="scroll-box tall">
          {drills.map((drill) => (
            <div className="checkbox" key={drill.id} hidden={!matches(drill)}>
              <input type="checkbox" id={`drill-${drill.id}`} name={fields.drillIds.name} value={drill.id} defaultChecked={chosenDrills.has(drill.id)} />
              <label htmlFor={`drill-${drill.id}`} className="plain-label">
                {drill.title} <span className="badge">{drill.locale}</span>{" "}
                <span className="muted">{drill.flawTypes.length === 0 ? "clean control" : drill.flawTypes.map((t) => FLAW_LABELS[t]).join(", ")}</span>
              </label>
            </div>
          ))}
        </div>
        <ErrorList id={drillsControl.errorId} errors={fields.drillIds.errors} />
      </fieldset>

      <div className="filter-fields" hidden={mode !== "filter"}>
        <CheckboxGroup
          legend="Flaw types"
          field={fields.flawTypes}
          options={FLAW_TYPES.map((type) => ({ value: type, label: FLAW_LABELS[type] }))}
          hint="Drills planting any of these; none chosen means any drill, with about 30 % clean controls."
        />
        <CheckboxGroup
          legend="Skills"
          field={fields.skills}
          options={skills.map((skill) => ({ value: skill, label: skill }))}
          hint="Drills practising any of these; none chosen means any skill."
          columns={2}
        />
        <SelectField labelProps={{ children: "Locale" }} selectProps={getSelectProps(fields.locale)} errors={fields.locale.errors}>
          <option value="">Any locale</option>
          {locales.map((locale) => (
            <option key={locale} value={locale}>
              {locale}
            </option>
          ))}
        </SelectField>
        <Field
          labelProps={{ children: "Number of drills" }}
          inputProps={{ ...getInputProps(fields.count, { type: "number" }), min: 1, step: 1 }}
          errors={fields.count.errors}
        />
      </div>
      </>
      )}

      <div>
        <button type="submit" className="primary">
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}

/** The drills of an assignment agents have started: shown, not editable, with the reason; the form keeps them. */
function LockedDrills({ current, modeName }: { current: CurrentDrills; modeName: string }) {
  return (
    <section className="field" aria-labelledby="locked-drills">
      <h2 id="locked-drills">Drills</h2>
      <p className="muted">{current.locked}</p>
      <ol>
        {current.drills.map((drill) => (
          <li key={drill.id}>
            {drill.title} {drill.locale ? <span className="badge">{drill.locale}</span> : null}
            {drill.status !== "active" ? <span className="badge overdue">{drill.status.replace("_", " ")}</span> : null}
          </li>
        ))}
      </ol>
      <input type="hidden" name={modeName} value="keep" />
    </section>
  );
}

function HiddenInput({ field }: { field: FieldMetadata<number> }) {
  const { key, ...props } = getInputProps(field, { type: "hidden" });
  return <input key={key} {...props} />;
}
