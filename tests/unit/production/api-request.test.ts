import { describe, expect, it } from "vitest";
import { isJsonContentType, readJsonBody } from "~/app/production/api-request";
import { bearerToken, TOKEN_PREFIX } from "~/app/production/tokens.server";

function streamOf(chunks: string[], onPull: () => void = () => {}) {
  const encoder = new TextEncoder();
  let next = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      onPull();
      const chunk = chunks[next++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(encoder.encode(chunk));
    },
  });
}

function post(body: BodyInit | null, headers: Record<string, string> = {}) {
  return new Request("http://127.0.0.1/api/v1/override-events", { method: "POST", body, headers, duplex: "half" });
}

describe("isJsonContentType", () => {
  it("takes application/json with or without a UTF-8 charset, nothing else", () => {
    for (const type of ["application/json", "Application/JSON; charset=UTF-8", 'application/json; charset="utf-8"']) expect(isJsonContentType(type)).toBe(true);
    for (const type of [null, "", "text/plain", "application/x-www-form-urlencoded", "application/json-seq", "application/json; charset=latin1"]) expect(isJsonContentType(type)).toBe(false);
  });
});

describe("readJsonBody", () => {
  it("parses a JSON body", async () => {
    expect(await readJsonBody(post('[{"a":1}]'), { maxBytes: 100 })).toEqual({ ok: true, value: [{ a: 1 }] });
  });

  it("refuses a declared length over the limit without reading anything", async () => {
    const request = post(streamOf(["[]"]), { "content-length": "101" });
    expect(await readJsonBody(request, { maxBytes: 100 })).toMatchObject({ ok: false, status: 413 });
    expect(request.bodyUsed).toBe(false);
  });

  it("stops reading a stream of undeclared length as soon as it passes the limit", async () => {
    let pulls = 0;
    const chunks = Array.from({ length: 1000 }, () => "x".repeat(40));
    expect(await readJsonBody(post(streamOf(chunks, () => pulls++)), { maxBytes: 100 })).toMatchObject({ ok: false, status: 413 });
    expect(pulls).toBeLessThan(10);
  });

  it("gives a reason for malformed JSON, an empty body and broken UTF-8", async () => {
    expect(await readJsonBody(post('[{"a":1'), { maxBytes: 100 })).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/^The body is not valid JSON: /) });
    expect(await readJsonBody(post(null), { maxBytes: 100 })).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/empty/) });
    expect(await readJsonBody(post(new Uint8Array([0x5b, 0xff, 0x5d])), { maxBytes: 100 })).toEqual({ ok: false, status: 400, reason: "The body is not valid UTF-8." });
  });
});

describe("bearerToken", () => {
  const token = `${TOKEN_PREFIX}${"A".repeat(43)}`;
  it("takes a well-formed token from an Authorization: Bearer header", () => {
    expect(bearerToken(`Bearer ${token}`)).toBe(token);
    expect(bearerToken(`bearer  ${token} `)).toBe(token);
  });
  it("refuses everything else", () => {
    for (const header of [null, "", token, `Basic ${token}`, `Bearer ${token} extra`, `Bearer ${token.slice(0, -1)}`, "Bearer rl_", `Bearer ${"A".repeat(46)}`]) {
      expect(bearerToken(header)).toBeNull();
    }
  });
});
