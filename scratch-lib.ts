import { readFileSync, readdirSync } from "node:fs";
import { parse } from "yaml";
import { detect } from "./app/content/detectors";
for (const dir of readdirSync("drills")) for (const f of readdirSync(`drills/${dir}`)) {
  const d = parse(readFileSync(`drills/${dir}/${f}`, "utf8"));
  for (const field of ["customer", "draft"]) {
    const t: string = d[field] ?? "";
    const spans = detect(t);
    if (spans.length) console.log(f, field, spans.map(x => `${x.category}:${JSON.stringify(t.slice(x.start, x.end))}`).join(", "));
  }
}
