import type { Submission } from "@conform-to/react";

/** A business rule broken by one form field; routes show it next to that field. */
export class InputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = "InputError";
  }
}

/** Turns a domain InputError into the form's field error; anything else is rethrown. */
export function replyWithInputError<Output>(submission: Submission<Output>, error: unknown, hideFields: string[] = []) {
  if (!(error instanceof InputError)) throw error;
  return submission.reply({ fieldErrors: { [error.field]: [error.message] }, hideFields });
}
