import { describe, expect, it } from "vitest";
import { loggableError } from "~/app/logger.server";

describe("loggableError", () => {
  it("keeps a failed query's reason but never its SQL or parameters", () => {
    const cause = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), { code: "22021" });
    const error = new Error('Failed query: insert into "attempts" ("rewrite", "result") values ($1, $2)\nparams: My secret rewrite,{"flaws":[{"type":"tone","start":3}]}', { cause });
    const logged = JSON.stringify(loggableError(error));
    expect(logged).not.toMatch(/secret rewrite|insert into|flaws|params/);
    expect(loggableError(error)).toMatchObject({ type: "Error", message: "a database query failed", cause: { code: "22021", message: 'invalid byte sequence for encoding "UTF8": 0x00' } });
  });

  it("keeps the first line of other errors and the stack frames only", () => {
    const logged = loggableError(new TypeError("x is not a function\nwith a second line"));
    expect(logged).toMatchObject({ type: "TypeError", message: "x is not a function" });
    expect("stack" in logged ? logged.stack : "").toMatch(/^ {4}at /);
    expect(loggableError("a string")).toEqual({ type: "string" });
  });
});
