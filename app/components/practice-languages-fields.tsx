import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { CheckboxField, CheckboxGroup } from "./forms";
import { LANGUAGE_LABELS, languageNames, PRACTICE_LANGUAGES, type PracticeLanguage } from "~/app/vocabulary";

/** "Follow the team's default" or the languages ticked: the agent's settings and the admin's user form share it. */
export function PracticeLanguagesFields({
  fields,
  teamLanguages,
  legend = "Practice languages",
}: {
  fields: { followTeamLanguages: FieldMetadata<boolean>; practiceLanguages: FieldMetadata<string[]> };
  teamLanguages: readonly PracticeLanguage[];
  legend?: string;
}) {
  return (
    <>
      <input type="hidden" name="practiceLanguagesShown" value="yes" />
      <CheckboxGroup
        legend={legend}
        field={fields.practiceLanguages}
        hint="Next drill and Practise this serve only drills in these languages. Assigned drills are served whatever their language."
        options={PRACTICE_LANGUAGES.map((language) => ({ value: language, label: LANGUAGE_LABELS[language] }))}
      />
      <CheckboxField
        labelProps={{ children: `Follow the team's default instead (${languageNames(teamLanguages)})` }}
        inputProps={getInputProps(fields.followTeamLanguages, { type: "checkbox" })}
        errors={fields.followTeamLanguages.errors}
      />
    </>
  );
}
