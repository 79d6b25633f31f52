import { describe, expect, it } from "vitest";
import { dueFirst, FsrsRating, gradeFromScore, isDue, newCard, reviewCard, type ReviewCardState } from "~/app/practice/fsrs";
import type { FlawResult } from "~/app/practice/scoring";
import type { Mark } from "~/app/practice/types";
import type { FlawType, Outcome } from "~/app/vocabulary";

const NOW = new Date("2026-03-01T09:00:00Z");
const DAY = 24 * 60 * 60 * 1000;

function flaw(type: FlawType, status: FlawResult["status"], index = 0): FlawResult {
  return { index, type, start: 0, end: 1, status, markedAs: status === "missed" ? [] : [type] };
}

function attempt({ flaws = [], falseFlags = [], outcome = "hit" }: { flaws?: FlawResult[]; falseFlags?: Mark[]; outcome?: Outcome }) {
  return { flaws, falseFlags, outcome };
}

describe("newCard", () => {
  it("is a new card due now, as plain JSON-safe data", () => {
    const card = newCard(NOW);
    expect(card).toMatchObject({ due: NOW.toISOString(), state: "New", reps: 0, lapses: 0, lastReview: null });
    expect(JSON.parse(JSON.stringify(card))).toEqual(card);
    expect(isDue({ card, now: NOW })).toBe(true);
  });
});

describe("gradeFromScore", () => {
  it("Again when the flaw was missed", () => {
    expect(gradeFromScore({ score: attempt({ flaws: [flaw("tone", "missed")] }) })).toBe(FsrsRating.Again);
  });

  it("Again on blind acceptance or an unneeded override, whatever was marked", () => {
    expect(gradeFromScore({ score: attempt({ flaws: [flaw("tone", "caught")], outcome: "miss" }) })).toBe(FsrsRating.Again);
    expect(gradeFromScore({ score: attempt({ outcome: "false_alarm" }) })).toBe(FsrsRating.Again);
  });

  it("Hard when mistyped or only partly caught", () => {
    expect(gradeFromScore({ score: attempt({ flaws: [flaw("tone", "mistyped")] }) })).toBe(FsrsRating.Hard);
    expect(gradeFromScore({ score: attempt({ flaws: [flaw("tone", "caught", 0), flaw("tone", "missed", 1)] }) })).toBe(FsrsRating.Hard);
  });

  it("Good when caught with the right type", () => {
    expect(gradeFromScore({ score: attempt({ flaws: [flaw("tone", "caught")] }) })).toBe(FsrsRating.Good);
    expect(gradeFromScore({ score: attempt({ flaws: [flaw("tone", "caught")] }), seconds: 200 })).toBe(FsrsRating.Good);
  });

  it("Easy when caught quickly with no false flags", () => {
    const caught = attempt({ flaws: [flaw("tone", "caught")] });
    expect(gradeFromScore({ score: caught, seconds: 40 })).toBe(FsrsRating.Easy);
    expect(gradeFromScore({ score: caught, seconds: 40, quickSeconds: 30 })).toBe(FsrsRating.Good);
    const withFalseFlag = attempt({ flaws: [flaw("tone", "caught")], falseFlags: [{ start: 5, end: 6, type: "hallucination" }] });
    expect(gradeFromScore({ score: withFalseFlag, seconds: 40 })).toBe(FsrsRating.Good);
  });

  it("scoped to a flaw type, counts only that type's flaws and false flags", () => {
    const mixed = attempt({
      flaws: [flaw("tone", "caught", 0), flaw("hallucination", "missed", 1)],
      falseFlags: [{ start: 5, end: 6, type: "hallucination" }],
    });
    expect(gradeFromScore({ score: mixed, flawType: "tone", seconds: 10 })).toBe(FsrsRating.Easy);
    expect(gradeFromScore({ score: mixed, flawType: "hallucination" })).toBe(FsrsRating.Again);
    expect(gradeFromScore({ score: mixed })).toBe(FsrsRating.Hard);
  });

  it("a clean control: Good or Easy when sent untouched, Hard with false flags", () => {
    expect(gradeFromScore({ score: attempt({ outcome: "correct_rejection" }) })).toBe(FsrsRating.Good);
    expect(gradeFromScore({ score: attempt({ outcome: "correct_rejection" }), seconds: 20 })).toBe(FsrsRating.Easy);
    const flagged = attempt({ outcome: "correct_rejection", falseFlags: [{ start: 0, end: 2, type: "tone" }] });
    expect(gradeFromScore({ score: flagged })).toBe(FsrsRating.Hard);
  });
});

describe("reviewCard", () => {
  it("a miss makes the card due sooner than a good review", () => {
    const card = newCard(NOW);
    const again = reviewCard({ card, grade: FsrsRating.Again, now: NOW });
    const good = reviewCard({ card, grade: FsrsRating.Good, now: NOW });
    const easy = reviewCard({ card, grade: FsrsRating.Easy, now: NOW });
    expect(Date.parse(again.due)).toBeLessThan(Date.parse(good.due));
    expect(Date.parse(good.due)).toBeLessThan(Date.parse(easy.due));
    expect(again.lastReview).toBe(NOW.toISOString());
  });

  it("after a few good reviews, a lapse brings the card back much sooner", () => {
    let card = newCard(NOW);
    let now = NOW;
    for (let i = 0; i < 3; i += 1) {
      card = reviewCard({ card, grade: FsrsRating.Good, now });
      now = new Date(card.due);
    }
    const lapse = reviewCard({ card, grade: FsrsRating.Again, now });
    const keep = reviewCard({ card, grade: FsrsRating.Good, now });
    expect(lapse.lapses).toBe(1);
    expect(Date.parse(lapse.due) - now.getTime()).toBeLessThan(Date.parse(keep.due) - now.getTime());
    expect(card.state).toBe("Review");
  });

  it("a miss comes back on a later day, not minutes later (no short-term steps)", () => {
    const again = reviewCard({ card: newCard(NOW), grade: FsrsRating.Again, now: NOW });
    expect(Date.parse(again.due) - NOW.getTime()).toBeGreaterThanOrEqual(DAY);
  });

  it("is deterministic and round-trips through JSON", () => {
    const first = reviewCard({ card: newCard(NOW), grade: FsrsRating.Good, now: NOW });
    const stored: ReviewCardState = JSON.parse(JSON.stringify(first));
    const later = new Date(first.due);
    expect(reviewCard({ card: stored, grade: FsrsRating.Hard, now: later })).toEqual(
      reviewCard({ card: first, grade: FsrsRating.Hard, now: later }),
    );
    expect(reviewCard({ card: newCard(NOW), grade: FsrsRating.Good, now: NOW })).toEqual(first);
  });
});

describe("dueFirst", () => {
  const at = (days: number) => new Date(NOW.getTime() + days * DAY).toISOString();

  it("keeps only due cards, most overdue first", () => {
    const cards = [
      { key: "tone", due: at(-1) },
      { key: "future", due: at(2) },
      { key: "hallucination", due: at(-5) },
      { key: "now", due: at(0) },
      { key: "restricted_data", due: at(-3) },
    ];
    expect(dueFirst(cards, NOW).map((card) => card.key)).toEqual(["hallucination", "restricted_data", "tone", "now"]);
  });

  it("keeps the caller's order for cards due at the same time, and returns a new array", () => {
    const cards = [
      { key: "b", due: at(-1) },
      { key: "a", due: at(-1) },
    ];
    const ordered = dueFirst(cards, NOW);
    expect(ordered.map((card) => card.key)).toEqual(["b", "a"]);
    expect(ordered).not.toBe(cards);
  });

  it("returns nothing when nothing is due", () => {
    expect(dueFirst([{ due: at(1) }], NOW)).toEqual([]);
    expect(dueFirst([], NOW)).toEqual([]);
  });

  it("orders real reviewed cards: a missed card comes up before a well-known one", () => {
    const missed = { key: "missed", ...reviewCard({ card: newCard(NOW), grade: FsrsRating.Again, now: NOW }) };
    const known = { key: "known", ...reviewCard({ card: newCard(NOW), grade: FsrsRating.Good, now: NOW }) };
    const weekLater = new Date(NOW.getTime() + 7 * DAY);
    expect(dueFirst([known, missed], weekLater).map((card) => card.key)).toEqual(["missed", "known"]);
    const nextDay = new Date(Date.parse(missed.due));
    expect(dueFirst([known, missed], nextDay).map((card) => card.key)).toEqual(["missed"]);
  });
});
