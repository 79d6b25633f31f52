import { parseArgs } from "node:util";
import { formatContentError } from "~/app/content/errors";
import { checkLibrary } from "~/app/content/library.server";
import { formatLibraryStats } from "~/app/content/library-stats-text";
import { libraryStats } from "~/app/content/validate";

const USAGE = `Usage: npm run content:check -- [--policies <dir>] [--drills <dir>] [--stats]

Checks the policy sources and the drill library; prints every problem as path:line:column: message
and exits with status 1 when there is any.`;

function parseOptions() {
  try {
    return parseArgs({
      options: {
        policies: { type: "string", default: "policies" },
        drills: { type: "string", default: "drills" },
        stats: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}

const options = parseOptions();
if (options.help) {
  console.log(USAGE);
} else {
  const library = await checkLibrary({ policiesDir: options.policies, drillsDir: options.drills });
  for (const error of library.errors) console.log(formatContentError(error));
  for (const warning of library.warnings) console.log(formatContentError({ ...warning, message: `warning: ${warning.message}` }));
  if (options.stats) console.log(`\n${formatLibraryStats(libraryStats(library.drills.map((entry) => entry.drill)))}\n`);
  const sections = library.policies.reduce((sum, entry) => sum + entry.policy.sections.length, 0);
  const checked = `${library.policies.length} policies (${sections} sections), ${library.drills.length} drills`;
  if (library.errors.length === 0) {
    const warned = library.warnings.length === 0 ? "" : library.warnings.length === 1 ? ", 1 warning" : `, ${library.warnings.length} warnings`;
    console.log(`content:check: ${checked}, no errors${warned}`);
  } else {
    const files = new Set(library.errors.map((error) => error.file)).size;
    const errorCount = library.errors.length === 1 ? "1 error" : `${library.errors.length} errors`;
    console.log(`content:check: ${errorCount} in ${files === 1 ? "1 file" : `${files} files`} (${checked} loaded)`);
    process.exitCode = 1;
  }
}
