import MarkdownIt from "markdown-it";

// `html: false` escapes any raw HTML in a policy instead of passing it
// through, and markdown-it's link validation drops javascript: and data: URLs.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

/** Policy Markdown to HTML that is safe to inject: authors cannot smuggle markup or scripts. */
export function renderPolicyMarkdown(source: string) {
  return markdown.render(source);
}
