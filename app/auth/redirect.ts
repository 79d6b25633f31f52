const SAME_ORIGIN = "http://redline.invalid";

/**
 * Where to go after sign-in: only a path on this site. Browsers strip tabs and newlines from a
 * URL and read a backslash as a slash, so `/\t/evil.example` or `/\evil.example` would leave the
 * site: any control character or backslash is refused outright, and what remains must resolve to
 * this origin. Anything else goes to `fallback`.
 */
export function safeRedirectTo(value: unknown, fallback = "/"): string {
  if (typeof value !== "string" || value.length === 0 || value.length > 2_000) return fallback;
  if (/[\u0000-\u001F\u007F-\u009F\\]/.test(value)) return fallback;
  if (!value.startsWith("/") || value.startsWith("//")) return fallback;
  let url: URL;
  try {
    url = new URL(value, SAME_ORIGIN);
  } catch {
    return fallback;
  }
  if (url.origin !== SAME_ORIGIN) return fallback;
  return `${url.pathname}${url.search}${url.hash}`;
}
