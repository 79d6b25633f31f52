import { describe, expect, it } from "vitest";
import { renderPolicyMarkdown } from "~/app/policies/markdown";

describe("renderPolicyMarkdown", () => {
  it("renders emphasis, lists and code", () => {
    const html = renderPolicyMarkdown("Refunds within **30 days**.\n\n- unopened\n- opened: see `refunds.restocking`");
    expect(html).toContain("<strong>30 days</strong>");
    expect(html).toContain("<li>unopened</li>");
    expect(html).toContain("<code>refunds.restocking</code>");
  });

  it("escapes raw HTML and drops script URLs", () => {
    const html = renderPolicyMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3))');
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;script&gt;");
    expect(html).not.toContain('href="javascript:');
  });

  it("keeps Japanese text intact", () => {
    expect(renderPolicyMarkdown("返品は**30日以内**です。")).toContain("返品は<strong>30日以内</strong>です。");
  });
});
