import { percent } from "~/app/format";
import type { TrendWeek } from "~/app/insights/figures";
import { BAND_LABELS, rateText } from "~/app/insights/words";
import type { BandSettings } from "~/app/settings/band-settings";
import { TrendChart } from "./trend-chart";

function summaryOf(values: readonly (number | null)[], show: (value: number) => string) {
  const measured = values.filter((value): value is number => value !== null);
  const first = measured[0];
  const last = measured.at(-1);
  return first === undefined || last === undefined ? "nothing measured in this window" : `from ${show(first)} to ${show(last)} over ${values.length} weeks`;
}

/** The three weekly charts: error-spotting (with false flags), override rate with the band thresholds drawn, and volume. */
export function InsightsTrends({ weeks, settings, settingsNote }: { weeks: readonly TrendWeek[]; settings: BandSettings; settingsNote: string }) {
  const labels = weeks.map((week) => week.week);
  const spotting = weeks.map((week) => week.spotting.rate);
  const override = weeks.map((week) => week.override.rate);
  const volume = weeks.map((week) => week.attempts);
  const asPercent = (value: number) => percent(value);
  return (
    <div className="trends">
      <TrendChart
        title="Error-spotting"
        weeks={labels}
        summary={summaryOf(spotting, asPercent)}
        series={[
          { label: "Error-spotting", className: "series-spotting", values: spotting, text: weeks.map((week) => rateText(week.spotting, "flaws")) },
          { label: "False flags", className: "series-false-flags", values: weeks.map((week) => week.falseFlags.rate), text: weeks.map((week) => rateText(week.falseFlags, "marks")) },
        ]}
      />
      <TrendChart
        title="Override rate"
        weeks={labels}
        summary={`${summaryOf(override, asPercent)}; calibrated between ${percent(settings.low)} and ${percent(settings.high)}`}
        thresholds={[
          { label: `low ${percent(settings.low)}`, value: settings.low },
          { label: `high ${percent(settings.high)}`, value: settings.high },
        ]}
        series={[
          {
            label: "Override rate",
            className: "series-override",
            values: override,
            text: weeks.map((week) => `${rateText(week.override, "decisions")} · ${BAND_LABELS[week.band]}`),
          },
        ]}
      />
      <TrendChart
        title="First attempts"
        kind="bars"
        rate={false}
        weeks={labels}
        summary={`${volume.reduce((total, value) => total + value, 0)} first attempts over ${volume.length} weeks`}
        series={[{ label: "First attempts", className: "series-volume", values: volume, text: volume.map(String) }]}
      />
      <p className="muted chart-note">Band thresholds drawn: {settingsNote}. A week's band needs {settings.minDecisions} decisions in that week.</p>
    </div>
  );
}
