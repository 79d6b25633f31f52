/**
 * The unique constraint a failed statement violated, or null: drizzle wraps the driver's error
 * (postgres.js names it `constraint_name`, PGlite `constraint`), so the causes are walked. Lets a
 * check-then-write that lost a race against another request answer at the field, never with a 500.
 */
export function violatedUniqueConstraint(error: unknown): string | null {
  for (
    let cause: unknown = error, depth = 0;
    cause && typeof cause === "object" && depth < 5;
    cause = (cause as { cause?: unknown }).cause, depth++
  ) {
    const {
      code,
      constraint_name: postgresName,
      constraint: pgliteName,
    } = cause as {
      code?: unknown;
      constraint_name?: unknown;
      constraint?: unknown;
    };
    if (code === "23505") {
      const name = postgresName ?? pgliteName;
      return typeof name === "string" ? name : "";
    }
  }
  return null;
}
