/** How a refusal answers over HTTP: bad input, readable but not yours to change, not yours (or not there), or in conflict with what is stored. */
export type RefusalStatus = 400 | 403 | 404 | 409;

/**
 * Input refused by a rule, with where it went wrong: the form field (or `null` for the form as a
 * whole) and a message for the person who sent it. Every domain module throws this one class;
 * routes show it next to the field with the status it carries. `problem` is a stable code for
 * callers and tests that branch on the kind of refusal.
 */
export class InputError extends Error {
  override readonly name = "InputError";
  readonly status: RefusalStatus;
  readonly problem: string | undefined;

  constructor(
    readonly field: string | null,
    message: string,
    options: { status?: RefusalStatus; problem?: string } = {},
  ) {
    super(message);
    this.status = options.status ?? 400;
    this.problem = options.problem;
  }
}
