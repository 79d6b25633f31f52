import type { Submission } from "@conform-to/react";
import { data, MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";
import { InputError } from "./input-error";

/**
 * Throws a plain-text response with the status when the condition fails (epic-stack's
 * helper): routes answer 400/404/409 with a reason instead of building responses by hand.
 */
export function invariantResponse(condition: unknown, message: string, status = 400): asserts condition {
  if (!condition) throw new Response(message, { status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** A domain InputError as a plain-text response with its status (for actions that answer with a page, not a form); anything else is rethrown. */
export function refusalResponse(error: unknown): Response {
  if (!(error instanceof InputError)) throw error;
  return new Response(error.message, { status: error.status, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** Turns a domain InputError into the form's reply, at its field, with its status; anything else is rethrown. */
export function replyWithInputError<Output>(submission: Submission<Output>, error: unknown, hideFields: string[] = []) {
  const { reply, status } = inputErrorReply(submission, error, hideFields);
  return data(reply, { status });
}

/** replyWithInputError's reply and status, for a page whose action answers for more than one form. */
export function inputErrorReply<Output>(submission: Submission<Output>, error: unknown, hideFields: string[] = []) {
  if (!(error instanceof InputError)) throw error;
  const reply = error.field === null ? submission.reply({ formErrors: [error.message], hideFields }) : submission.reply({ fieldErrors: { [error.field]: [error.message] }, hideFields });
  return { reply, status: error.status };
}

/**
 * A form that may carry files: a multipart body is read in memory, each part at most
 * `maxPartSize` bytes ("too large" when one is over, before the rest is read), and only the parts
 * named in `only` when given; any other body is read as a plain form, and one that is not a form
 * at all (JSON, say) as an empty one, so the form's own errors answer it.
 */
export async function readUploadForm(request: Request, { maxPartSize, only }: { maxPartSize: number; only?: readonly string[] }): Promise<FormData | "too large"> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return request.formData().catch(() => new FormData());
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize, filter: only ? ({ name }) => only.includes(name) : undefined }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return "too large";
    throw error;
  }
}
