import { describe, expect, it } from "vitest";
import { pageOf, parsePageParam } from "~/app/paging";

describe("pageOf", () => {
  const items = Array.from({ length: 120 }, (_, index) => `item ${index + 1}`);

  it("gives one page with its place in the list", () => {
    expect(pageOf(items, 1, 50)).toMatchObject({ page: 1, pages: 3, first: 1, last: 50, total: 120 });
    const last = pageOf(items, 3, 50);
    expect(last).toMatchObject({ page: 3, pages: 3, first: 101, last: 120 });
    expect(last.items).toHaveLength(20);
    expect(last.items[0]).toBe("item 101");
  });

  it("starts at the first page, shows the last for a page past it, and has one empty page for an empty list", () => {
    expect(pageOf(items, undefined, 50).page).toBe(1);
    expect(pageOf(items, 0, 50).page).toBe(1);
    expect(pageOf(items, 999, 50)).toMatchObject({ page: 3, first: 101, last: 120 });
    expect(pageOf(["日本語のドリル 🚀"], 1, 50)).toMatchObject({ items: ["日本語のドリル 🚀"], pages: 1, first: 1, last: 1 });
    expect(pageOf([], 4, 50)).toEqual({ items: [], page: 1, pages: 1, first: 0, last: 0, total: 0 });
  });
});

describe("parsePageParam", () => {
  it("reads a whole number from 1, and gives the first page with a reason for anything else", () => {
    expect(parsePageParam(null)).toEqual({ page: 1, problem: null });
    expect(parsePageParam("")).toEqual({ page: 1, problem: null });
    expect(parsePageParam("7")).toEqual({ page: 7, problem: null });
    for (const bad of ["0", "-2", "1.5", "x", "1e400", "７"]) expect(parsePageParam(bad), bad).toEqual({ page: 1, problem: "page is a whole number from 1" });
  });
});
