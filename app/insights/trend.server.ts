import type { Db } from "~/db/client.server";
import type { BandSettings } from "~/app/settings/band-settings";
import type { FlawType } from "~/app/vocabulary";
import { figuresOf, type TrendWeek } from "./figures";
import type { WeekRange } from "./filters";
import { sumsByWeek } from "./rollup-queries.server";
import { tallyForType } from "./type-tally";

/** Every week of the window (weeks without first attempts included), over some teams in scope or one agent in them. */
export async function weeklyTrend({
  db,
  teamIds,
  range,
  flawType,
  settings,
  userId,
}: {
  db: Db;
  teamIds: readonly number[];
  range: WeekRange;
  flawType: FlawType | null;
  settings: BandSettings;
  userId?: number;
}): Promise<TrendWeek[]> {
  const sums = await sumsByWeek({ db, teamIds, range, userId });
  return range.weeks.map((week) => {
    const figures = figuresOf({ tally: tallyForType({ rows: sums.get(week) ?? [], flawType }), settings });
    return { week, attempts: figures.attempts, spotting: figures.spotting, falseFlags: figures.falseFlags, override: figures.override, band: figures.band.band };
  });
}
