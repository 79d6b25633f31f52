import { unstorableCharacter } from "~/app/text/storable";

/**
 * Bytes as text, or why they are not readable text: not UTF-8, or binary (a NUL byte, or other
 * control characters than tab, line breaks and form feed). A leading byte-order mark is dropped.
 */
export function decodeInput(bytes: Uint8Array): { ok: true; text: string } | { ok: false; message: string } {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return { ok: false, message: "the input is not UTF-8 text (save the file as UTF-8 and try again)" };
  }
  if (unstorableCharacter(text) !== null || /[\u0001-\u0008\u000e-\u001f\u007f]/.test(text)) {
    return { ok: false, message: "the input looks binary (it contains NUL or other control characters), not text" };
  }
  return { ok: true, text };
}
