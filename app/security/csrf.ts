const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

export type CsrfInput = {
  method: string;
  /** The Host the request was sent to, e.g. 127.0.0.1:3000 */
  host: string | null;
  origin: string | null;
  referer: string | null;
  hasSessionCookie: boolean;
};

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

/**
 * Browsers send Origin (or at least Referer) with every cross-site form post,
 * so a mutating request is refused when either names another host than the
 * one it was sent to. A cookie-carrying mutation with neither header cannot
 * prove where it came from and is refused too; cookieless clients (API
 * tokens, curl) pass, since there is no session for them to ride on.
 */
export function csrfRejection(input: CsrfInput): string | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  if (input.origin !== null) {
    if (input.origin === "null") return "request from an opaque origin";
    return hostOf(input.origin) === input.host ? null : `cross-origin request from ${input.origin}`;
  }
  if (input.referer) {
    return hostOf(input.referer) === input.host ? null : "cross-origin referer";
  }
  return input.hasSessionCookie ? "mutating request without Origin or Referer" : null;
}
