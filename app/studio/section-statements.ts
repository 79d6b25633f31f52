import type { PolicySection } from "~/app/content/policy";
import { findQuantities, numberStyleOf, type Quantity } from "./quantities";

/** Policies are written in English. */
const POLICY_STYLE = numberStyleOf("en");
const LIST_ITEM = /^\s*(?:[-*+]|\d+\.)\s+/;

/** A section's text as plain sentences (list items and paragraphs apart, emphasis and code marks removed), to quote in an explanation. */
function sectionSentences(markdown: string): string[] {
  const blocks: string[] = [];
  let current: string[] = [];
  const close = () => {
    if (current.length > 0) blocks.push(current.join(" "));
    current = [];
  };
  for (const line of markdown.split("\n")) {
    if (line.trim() === "" || LIST_ITEM.test(line) || line.startsWith("#")) close();
    if (line.trim() !== "") current.push(line.replace(LIST_ITEM, "").replace(/^#+\s*/, ""));
  }
  close();
  return blocks
    .map((block) => block.replace(/\*\*|__|`/g, "").replace(/\s+/g, " ").trim())
    .flatMap((block) => block.split(/(?<=[.!?])\s+/))
    .map((sentence) => sentence.replace(/[,;]$/, ""))
    .filter((sentence) => sentence !== "");
}

/** The quantities a section states, each with the sentence that states it. */
export function sectionStatements(section: PolicySection): { quantity: Quantity; sentence: string }[] {
  return sectionSentences(section.markdown).flatMap((sentence) => findQuantities(sentence, POLICY_STYLE).map((quantity) => ({ quantity, sentence })));
}
