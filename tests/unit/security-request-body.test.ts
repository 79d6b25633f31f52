import { describe, expect, it } from "vitest";
import { BODY_LIMITS, bodyRefusal, type BodyInput } from "~/app/security/request-body";

const post = (overrides: Partial<BodyInput>): BodyInput => ({ method: "POST", path: "/login", search: "", contentType: "application/x-www-form-urlencoded", contentLength: "40", chunked: false, ...overrides });

describe("bodyRefusal", () => {
  it("lets forms through, empty ones included, and never looks at safe methods", () => {
    expect(bodyRefusal(post({}))).toBeNull();
    expect(bodyRefusal(post({ contentType: "multipart/form-data; boundary=x" }))).toBeNull();
    expect(bodyRefusal(post({ path: "/logout", contentLength: "0" }))).toBeNull();
    expect(bodyRefusal(post({ method: "GET", contentType: "application/json" }))).toBeNull();
  });

  it.each(["application/json", "text/plain", null])("refuses a %s body on a page with 415", (contentType) => {
    for (const path of ["/login", "/practice", "/play/3", "/play/3.data", "/drills/needs-review", "/admin/users/new", "/assignments/new"]) {
      expect(bodyRefusal(post({ path, contentType }))).toMatchObject({ status: 415, message: expect.stringMatching(/Send a form/) });
    }
  });

  it("refuses bodies over the limit before reading them (413), and chunked bodies without a length (411)", () => {
    expect(bodyRefusal(post({ contentLength: String(150 * 1024 * 1024) }))).toMatchObject({ status: 413 });
    expect(bodyRefusal(post({ contentLength: String(BODY_LIMITS.form) }))).toBeNull();
    expect(bodyRefusal(post({ contentLength: String(BODY_LIMITS.form + 1) }))).toMatchObject({ status: 413 });
    expect(bodyRefusal(post({ path: "/api/v1/override-events", contentType: "application/json", contentLength: String(BODY_LIMITS.api + 1) }))).toMatchObject({ status: 413 });
    expect(bodyRefusal(post({ path: "/api/v1/override-events", contentType: "application/json", contentLength: String(1024 * 1024) }))).toBeNull();
    // A policy upload carries up to 1 MB of Markdown (a file or the text area), so its page takes more than a form.
    expect(bodyRefusal(post({ path: "/studio/policies/upload", contentType: "multipart/form-data; boundary=x", contentLength: String(2 * 1024 * 1024) }))).toBeNull();
    expect(bodyRefusal(post({ path: "/studio/policies/upload", contentType: "multipart/form-data; boundary=x", contentLength: String(BODY_LIMITS.policy + 1) }))).toMatchObject({ status: 413 });
    expect(bodyRefusal(post({ contentLength: null, chunked: true }))).toMatchObject({ status: 411 });
    expect(bodyRefusal(post({ contentLength: "-3" }))).toMatchObject({ status: 400 });
  });

  it("refuses the legacy ?_data= protocol with 400", () => {
    expect(bodyRefusal(post({ search: "?_data=routes/login" }))).toMatchObject({ status: 400, message: expect.stringMatching(/_data/) });
  });
});
