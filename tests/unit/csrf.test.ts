import { describe, expect, it } from "vitest";
import { csrfRejection } from "~/app/security/csrf";

const base = { method: "POST", host: "127.0.0.1:3000", origin: null, referer: null, hasSessionCookie: true };

describe("csrfRejection", () => {
  it("lets safe methods through whatever their origin", () => {
    expect(csrfRejection({ ...base, method: "GET", origin: "https://evil.example" })).toBeNull();
  });
  it("accepts a same-origin post", () => {
    expect(csrfRejection({ ...base, origin: "http://127.0.0.1:3000" })).toBeNull();
    expect(csrfRejection({ ...base, referer: "http://127.0.0.1:3000/admin/users/new" })).toBeNull();
  });
  it("refuses another origin, an opaque origin and a foreign referer", () => {
    expect(csrfRejection({ ...base, origin: "https://evil.example" })).toMatch(/cross-origin/);
    expect(csrfRejection({ ...base, origin: "http://127.0.0.1:4000" })).toMatch(/cross-origin/);
    expect(csrfRejection({ ...base, origin: "null" })).toMatch(/opaque/);
    expect(csrfRejection({ ...base, referer: "https://evil.example/x" })).toMatch(/referer/);
  });
  it("refuses a cookie-carrying mutation with no origin information, but not a cookieless client", () => {
    expect(csrfRejection(base)).toMatch(/without Origin/);
    expect(csrfRejection({ ...base, hasSessionCookie: false })).toBeNull();
  });
});
