import { describe, expect, it, vi } from "vitest";
import { dayStreak, daysBackToWorkingDay, nextStoredStreak, sameWorkingDays, storedDayStreak, streakLiveSince, type StoredStreak } from "~/app/practice/streak";
import { seededRandom } from "~/app/practice/seeded-random";
import { workingDayNames, type Weekday } from "~/app/vocabulary";

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);
const MON_FRI: Weekday[] = [1, 2, 3, 4, 5];
const SUN_THU: Weekday[] = [7, 1, 2, 3, 4];
const EVERY_DAY: Weekday[] = [1, 2, 3, 4, 5, 6, 7];
// 2026-03-23 is a Monday: 27 Friday, 28 Saturday, 29 Sunday, 30 Monday, 31 Tuesday.

describe("dayStreak over working days", () => {
  it("counts consecutive working days ending today, skipping a weekend without breaking or extending", () => {
    const now = at("2026-03-31T15:00:00Z");
    const dates = ["2026-03-31T08:00:00Z", "2026-03-30T20:00:00Z", "2026-03-27T12:00:00Z", "2026-03-26T12:00:00Z", "2026-03-24T12:00:00Z"].map(at);
    // Tue, Mon, (weekend), Fri, Thu; no Wednesday 25th.
    expect(dayStreak(dates, now)).toBe(4);
    expect(dayStreak(dates, now, { workingDays: MON_FRI })).toBe(4);
    // Every day counts: the weekend without attempts breaks it.
    expect(dayStreak(dates, now, { workingDays: EVERY_DAY })).toBe(2);
  });

  it("joins a Monday to the Friday before it, and stays alive over the weekend and on Monday before its first attempt", () => {
    const friday = [at("2026-03-27T12:00:00Z"), at("2026-03-26T12:00:00Z")];
    expect(dayStreak(friday, at("2026-03-28T10:00:00Z"))).toBe(2);
    expect(dayStreak(friday, at("2026-03-29T23:00:00Z"))).toBe(2);
    expect(dayStreak(friday, at("2026-03-30T09:00:00Z"))).toBe(2);
    expect(dayStreak([...friday, at("2026-03-30T10:00:00Z")], at("2026-03-30T11:00:00Z"))).toBe(3);
    // Tuesday with no attempt on Monday: over.
    expect(dayStreak(friday, at("2026-03-31T09:00:00Z"))).toBe(0);
  });

  it("does not count an attempt on a day off", () => {
    const saturday = at("2026-03-28T10:00:00Z");
    expect(dayStreak([saturday], at("2026-03-28T11:00:00Z"))).toBe(0);
    expect(dayStreak([saturday, at("2026-03-27T10:00:00Z")], at("2026-03-29T11:00:00Z"))).toBe(1);
    expect(dayStreak([saturday], at("2026-03-28T11:00:00Z"), { workingDays: EVERY_DAY })).toBe(1);
  });

  it("follows a Sunday to Thursday team: Friday and Saturday are the days off", () => {
    // Thu 26, Sun 29, Mon 30.
    const dates = [at("2026-03-26T09:00:00Z"), at("2026-03-29T09:00:00Z"), at("2026-03-30T09:00:00Z")];
    expect(dayStreak(dates, at("2026-03-30T18:00:00Z"), { workingDays: SUN_THU })).toBe(3);
    // For Monday to Friday the Friday is missing, and the Sunday does not count.
    expect(dayStreak(dates, at("2026-03-30T18:00:00Z"), { workingDays: MON_FRI })).toBe(1);
    // A Friday attempt is a day off for them: nothing changes.
    expect(dayStreak([...dates, at("2026-03-27T09:00:00Z")], at("2026-03-30T18:00:00Z"), { workingDays: SUN_THU })).toBe(3);
  });

  it("with one working day a week, counts consecutive weeks", () => {
    const mondays = [at("2026-03-16T09:00:00Z"), at("2026-03-23T09:00:00Z"), at("2026-03-30T09:00:00Z")];
    expect(dayStreak(mondays, at("2026-04-05T09:00:00Z"), { workingDays: [1] })).toBe(3);
    expect(dayStreak(mondays, at("2026-04-06T23:00:00Z"), { workingDays: [1] })).toBe(3);
    expect(dayStreak(mondays, at("2026-04-07T00:00:00Z"), { workingDays: [1] })).toBe(0);
  });

  it("is 0 with no attempts or no working days, and ignores attempts after now", () => {
    expect(dayStreak([], at("2026-03-31T15:00:00Z"))).toBe(0);
    expect(dayStreak([at("2026-03-31T10:00:00Z")], at("2026-03-31T15:00:00Z"), { workingDays: [] })).toBe(0);
    expect(dayStreak([at("2026-04-01T10:00:00Z")], at("2026-03-31T15:00:00Z"))).toBe(0);
  });

  it("uses calendar days in the given time zone", () => {
    const now = at("2026-03-31T15:00:00Z");
    // 23:30 UTC on Monday the 30th is already Tuesday the 31st in Tokyo.
    const dates = [at("2026-03-30T23:30:00Z"), at("2026-03-30T01:00:00Z")];
    expect(dayStreak(dates, now, { timeZone: "UTC" })).toBe(1);
    expect(dayStreak(dates, now, { timeZone: "Asia/Tokyo" })).toBe(2);
    // In Los Angeles the first is Sunday the 29th (a day off) and the second Monday the 30th.
    expect(dayStreak(dates, now, { timeZone: "America/Los_Angeles" })).toBe(1);
    expect(dayStreak(dates, now, { timeZone: "America/Los_Angeles", workingDays: EVERY_DAY })).toBe(2);
  });

  it("crosses month, year and daylight-saving boundaries", () => {
    const dates = ["2026-03-31T12:00:00Z", "2026-03-30T12:00:00Z", "2026-03-29T12:00:00Z", "2026-03-28T12:00:00Z"].map(at);
    expect(dayStreak(dates, at("2026-03-31T13:00:00Z"), { timeZone: "Europe/Berlin", workingDays: EVERY_DAY })).toBe(4);
    // Wednesday 31 December 2025, Thursday 1 and Friday 2 January 2026.
    expect(dayStreak([at("2025-12-31T12:00:00Z"), at("2026-01-01T12:00:00Z"), at("2026-01-02T12:00:00Z")], at("2026-01-05T08:00:00Z"))).toBe(3);
  });

  it("makes one Intl.DateTimeFormat however many attempts it is given (none in UTC)", () => {
    const dates = Array.from({ length: 2_000 }, (_, i) => new Date(Date.UTC(2025, 0, 1) + i * 5 * 60 * 60 * 1000));
    const expected = dayStreak(dates, new Date(Date.UTC(2026, 0, 1)), { timeZone: "Europe/Berlin" });
    const Original = Intl.DateTimeFormat;
    const formats = vi.spyOn(Intl, "DateTimeFormat").mockImplementation(function (...args: ConstructorParameters<typeof Intl.DateTimeFormat>) {
      return new Original(...args);
    });
    try {
      expect(dayStreak(dates, new Date(Date.UTC(2026, 0, 1)), { timeZone: "Europe/Berlin" })).toBe(expected);
      expect(formats).toHaveBeenCalledTimes(1);
      dayStreak(dates, new Date(Date.UTC(2026, 0, 1)));
      expect(formats).toHaveBeenCalledTimes(1);
    } finally {
      formats.mockRestore();
    }
  });
});

describe("storedDayStreak", () => {
  it("keeps the stored run until a working day passes without an attempt", () => {
    const friday = { lastAt: at("2026-03-27T16:00:00Z"), days: 4 };
    expect(storedDayStreak(friday, at("2026-03-27T18:00:00Z"))).toBe(4);
    expect(storedDayStreak(friday, at("2026-03-30T23:59:00Z"))).toBe(4);
    expect(storedDayStreak(friday, at("2026-03-31T00:00:00Z"))).toBe(0);
    expect(storedDayStreak(friday, at("2026-03-29T12:00:00Z"), EVERY_DAY)).toBe(0);
    // Stored on a Saturday (a day off): alive through Monday.
    expect(storedDayStreak({ lastAt: at("2026-03-28T10:00:00Z"), days: 2 }, at("2026-03-30T10:00:00Z"))).toBe(2);
  });
});

/** Attempts on random days of a few weeks, hours apart, some days skipped. */
function randomDates(seed: number, count: number): Date[] {
  const random = seededRandom(seed);
  let t = Date.UTC(2026, 1, 2, 6);
  return Array.from({ length: count }, () => {
    t += random() < 0.5 ? Math.floor(random() * 10) * 60 * 60 * 1000 : Math.floor(1 + random() * 3) * DAY + Math.floor(random() * 12) * 60 * 60 * 1000;
    return new Date(t);
  });
}

describe("nextStoredStreak", () => {
  it("after every attempt, in or out of time order, stores what dayStreak counts at the latest one (recounting when it says so)", () => {
    for (const workingDays of [MON_FRI, SUN_THU, EVERY_DAY, [3] as Weekday[], [1, 3, 6] as Weekday[]]) {
      for (let seed = 1; seed <= 40; seed++) {
        const random = seededRandom(seed * 7);
        const dates = randomDates(seed, 30);
        // About one attempt in five arrives late (another instance's clock), up to 5 attempts late.
        const order = [...dates];
        for (let i = 1; i < order.length; i++) {
          if (random() >= 0.2) continue;
          const j = Math.max(0, i - 1 - Math.floor(random() * 5));
          const [late] = order.splice(j, 1);
          if (late) order.splice(i, 0, late);
        }
        let stored: StoredStreak | null = null;
        const seen: Date[] = [];
        for (const attemptAt of order) {
          seen.push(attemptAt);
          const next: StoredStreak = nextStoredStreak({ stored, at: attemptAt, workingDays });
          const latest = new Date(Math.max(...seen.map((d) => d.getTime())));
          expect(next.lastAt).toEqual(latest);
          const truth = dayStreak(seen, latest, { workingDays });
          if (next.days !== null) expect(next.days, `${workingDays.join("")} seed ${seed} at ${attemptAt.toISOString()}`).toBe(truth);
          stored = { lastAt: next.lastAt, days: next.days ?? truth };
          // From then on, whenever the page looks, the stored run gives dayStreak's figure.
          for (const later of [1, 20 * 60 * 60 * 1000, DAY, 2 * DAY, 3 * DAY, 8 * DAY]) {
            const now = new Date(latest.getTime() + later);
            expect(storedDayStreak({ lastAt: stored.lastAt, days: stored.days ?? 0 }, now, workingDays)).toBe(dayStreak(seen, now, { workingDays }));
          }
        }
      }
    }
  });

  it("recounts for a new agent, keeps an unknown streak unknown, and recounts a late attempt on the working day just before the streak", () => {
    const workingDays = MON_FRI;
    expect(nextStoredStreak({ stored: null, at: at("2026-03-30T10:00:00Z"), workingDays })).toEqual({ lastAt: at("2026-03-30T10:00:00Z"), days: null });
    expect(nextStoredStreak({ stored: { lastAt: at("2026-03-30T10:00:00Z"), days: null }, at: at("2026-03-31T10:00:00Z"), workingDays })).toEqual({ lastAt: at("2026-03-31T10:00:00Z"), days: null });
    // A streak of Monday and Tuesday; a late Friday attempt may join an older run.
    const stored = { lastAt: at("2026-03-31T10:00:00Z"), days: 2 };
    expect(nextStoredStreak({ stored, at: at("2026-03-27T10:00:00Z"), workingDays }).days).toBeNull();
    // A late one inside the streak, on a day off, or further back changes nothing.
    expect(nextStoredStreak({ stored, at: at("2026-03-30T18:00:00Z"), workingDays }).days).toBe(2);
    expect(nextStoredStreak({ stored, at: at("2026-03-28T18:00:00Z"), workingDays }).days).toBe(2);
    expect(nextStoredStreak({ stored, at: at("2026-03-26T18:00:00Z"), workingDays }).days).toBe(2);
  });

  it("adds a Monday to a Friday's streak, starts again after a missed working day, and ends at a day off after one", () => {
    const friday = { lastAt: at("2026-03-27T10:00:00Z"), days: 3 };
    expect(nextStoredStreak({ stored: friday, at: at("2026-03-30T09:00:00Z"), workingDays: MON_FRI }).days).toBe(4);
    expect(nextStoredStreak({ stored: friday, at: at("2026-03-28T09:00:00Z"), workingDays: MON_FRI }).days).toBe(3);
    expect(nextStoredStreak({ stored: friday, at: at("2026-03-31T09:00:00Z"), workingDays: MON_FRI }).days).toBe(1);
    expect(nextStoredStreak({ stored: friday, at: at("2026-04-04T09:00:00Z"), workingDays: MON_FRI }).days).toBe(0);
  });
});

describe("the walk's bounds", () => {
  it("daysBackToWorkingDay gives, per weekday from Monday, the distance to the working day before", () => {
    expect(daysBackToWorkingDay(MON_FRI)).toEqual([3, 1, 1, 1, 1, 1, 2]);
    expect(daysBackToWorkingDay(SUN_THU)).toEqual([1, 1, 1, 1, 1, 2, 3]);
    expect(daysBackToWorkingDay(EVERY_DAY)).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(daysBackToWorkingDay([3])).toEqual([5, 6, 7, 1, 2, 3, 4]);
  });

  it("streakLiveSince is the start of the working day before today", () => {
    expect(streakLiveSince(at("2026-03-30T09:00:00Z"), MON_FRI)).toEqual(at("2026-03-27T00:00:00Z"));
    expect(streakLiveSince(at("2026-03-31T09:00:00Z"), MON_FRI)).toEqual(at("2026-03-30T00:00:00Z"));
    expect(streakLiveSince(at("2026-03-29T09:00:00Z"), SUN_THU)).toEqual(at("2026-03-26T00:00:00Z"));
  });

  it("sameWorkingDays ignores order", () => {
    expect(sameWorkingDays([1, 2, 3], [3, 1, 2])).toBe(true);
    expect(sameWorkingDays([1, 2, 3], [1, 2])).toBe(false);
    expect(sameWorkingDays([1, 2], [1, 5])).toBe(false);
  });
});

describe("workingDayNames", () => {
  it("names a run of days, every day, or a list", () => {
    expect(workingDayNames(MON_FRI)).toBe("Monday to Friday");
    expect(workingDayNames(SUN_THU)).toBe("Sunday to Thursday");
    expect(workingDayNames(EVERY_DAY)).toBe("every day");
    expect(workingDayNames([1, 3])).toBe("Monday, Wednesday");
    expect(workingDayNames([6, 7])).toBe("Saturday, Sunday");
    expect(workingDayNames([5, 6, 7, 1])).toBe("Friday to Monday");
  });
});
