import { Form } from "@remix-run/react";
import type { InsightFilters, WeekRange } from "~/app/insights/filters";
import { FLAW_TYPES } from "~/app/vocabulary";
import { FLAW_LABELS } from "~/app/vocabulary";

const WINDOW_LABELS = { "7": "Last 7 days", "30": "Last 30 days", "90": "Last 90 days", custom: "Custom dates" } as const;

/**
 * The insights filters as a GET form, so every filtered view is a URL (and its CSV links carry the
 * same query). Teams are offered only when the viewer can read more than one.
 */
export function InsightsFilters({ filters, teams, range, problem }: { filters: InsightFilters; teams?: readonly { id: number; name: string }[]; range: WeekRange; problem: string | null }) {
  return (
    <Form method="get" className="panel insights-filters" aria-label="Filters">
      {teams && teams.length > 1 ? (
        <fieldset className="field">
          <legend>Teams</legend>
          <span className="muted">None ticked: every team you can see.</span>
          {teams.map((team) => (
            <div className="checkbox" key={team.id}>
              <input type="checkbox" id={`team-${team.id}`} name="team" value={team.id} defaultChecked={filters.teamIds.includes(team.id)} />
              <label htmlFor={`team-${team.id}`} className="plain-label">
                {team.name}
              </label>
            </div>
          ))}
        </fieldset>
      ) : (
        filters.teamIds.map((teamId) => <input key={teamId} type="hidden" name="team" value={teamId} />)
      )}
      <div className="field">
        <label htmlFor="filter-window">Window</label>
        <select id="filter-window" name="window" defaultValue={filters.window}>
          {Object.entries(WINDOW_LABELS).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="filter-from">From</label>
        <input id="filter-from" type="date" name="from" defaultValue={filters.from} aria-describedby="filter-dates-hint" />
      </div>
      <div className="field">
        <label htmlFor="filter-to">To</label>
        <input id="filter-to" type="date" name="to" defaultValue={filters.to} aria-describedby="filter-dates-hint" />
      </div>
      <div className="field">
        <label htmlFor="filter-type">Flaw type</label>
        <select id="filter-type" name="type" defaultValue={filters.flawType ?? ""}>
          <option value="">All flaw types</option>
          {FLAW_TYPES.map((type) => (
            <option key={type} value={type}>
              {FLAW_LABELS[type]}
            </option>
          ))}
        </select>
      </div>
      <div className="filter-actions">
        <button type="submit" className="primary">
          Apply
        </button>
      </div>
      <p id="filter-dates-hint" className="muted filter-range">
        Dates apply with “Custom dates”. Figures count whole ISO weeks: {range.firstWeek} to {range.lastWeek} ({range.weeks.length} {range.weeks.length === 1 ? "week" : "weeks"}).
        {filters.flawType ? ` Only drafts that plant ${FLAW_LABELS[filters.flawType].toLowerCase()} flaws, so there are no clean controls and no unneeded overrides.` : ""}
      </p>
      {problem ? (
        <p role="alert" className="form-errors">
          {problem}
        </p>
      ) : null}
    </Form>
  );
}
