import MarkdownIt from "markdown-it";
import { codePointAt, codePointBefore, foldJoiner } from "~/app/text/paragraphs";

// `html: false` escapes any raw HTML in a policy instead of passing it
// through, and markdown-it's link validation drops javascript: and data: URLs.
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });

// A line wrapped inside a paragraph renders as a line break, which browsers show as a space; between
// two CJK characters it must show as nothing (the same rule as YAML folds, app/content/yaml-source.ts).
markdown.renderer.rules.softbreak = (tokens, index) => {
  const before = tokens[index - 1]?.content ?? "";
  const after = tokens[index + 1]?.content ?? "";
  return foldJoiner(codePointBefore(before, before.length), codePointAt(after, 0)) === "" ? "" : "\n";
};

/** Policy Markdown to HTML that is safe to inject: authors cannot smuggle markup or scripts. */
export function renderPolicyMarkdown(source: string) {
  return markdown.render(source);
}
