import { parseDrillFile, type DraftOrigin, type Drill } from "~/app/content/drill";
import { compareContentErrors, contentError, type ContentError } from "~/app/content/errors";
import { validateLibrary, type LibraryPolicy } from "~/app/content/validate";

/** Where the validator says a studio drill's errors are: its own "file" name, as content:check would print it. */
export function studioFile(drillId: string) {
  return `studio:${drillId || "new"}`;
}

/** `draftOrigin` (where the draft's lines are in the source) comes whenever the source parsed as a drill. */
export type StudioCheck = { drill?: Drill; errors: ContentError[]; warnings: ContentError[]; draftOrigin?: DraftOrigin };

/**
 * A studio drill's source through exactly the checks of `content:check`: the file rules of
 * `parseDrillFile`, then the library rules of `validateLibrary` against the policies in force.
 * Two studio rules come on top: a drill's id is fixed once created (revisions and attempts are
 * keyed by it), and no other drill — file or studio — may already use it.
 */
export function checkStudioSource({
  source,
  drillId,
  policies,
  idTakenBy,
}: {
  source: string;
  /** The drill being edited; undefined while creating one. */
  drillId?: string;
  policies: readonly LibraryPolicy[];
  /** Where another drill with this id lives (a file path or "the studio"), if one does. */
  idTakenBy: (id: string) => string | undefined;
}): StudioCheck {
  const file = studioFile(drillId ?? "");
  const parsed = parseDrillFile(source, file);
  const warnings = parsed.warnings ?? [];
  if (!parsed.drill || !parsed.locations) return { errors: parsed.errors, warnings };
  const { drill, locations } = parsed;
  const errors = validateLibrary({ policies, drills: [{ file, hash: "", drill, locations }] });
  if (drillId !== undefined && drill.id !== drillId) {
    errors.push(contentError(file, locations.id, `id is fixed once a studio drill is created (it is "${drillId}"); copy the drill to use another id`));
  } else {
    const takenBy = idTakenBy(drill.id);
    if (takenBy !== undefined) errors.push(contentError(file, locations.id, `drill id "${drill.id}" is already used by ${takenBy}`));
  }
  errors.sort(compareContentErrors);
  const draftOrigin = locations.draft;
  return errors.length > 0 ? { errors, warnings, draftOrigin } : { drill, errors, warnings, draftOrigin };
}
