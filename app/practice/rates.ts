import type { AttemptSummary } from "./attempt-summary";
import { inverseNormalCdf } from "./normal";
import { byFlawType, isOverride } from "./types";
import { FLAW_TYPES, type FlawType } from "~/app/vocabulary";

/**
 * The metrics of DESIGN "Metrics (one definition each, used everywhere)", over attempt
 * summaries. A rate whose denominator is zero is null, never NaN.
 */

export type Rate = number | null;

export function ratio(numerator: number, denominator: number): Rate {
  return denominator === 0 ? null : numerator / denominator;
}

function sum(attempts: readonly AttemptSummary[], value: (attempt: AttemptSummary) => number): number {
  return attempts.reduce((total, attempt) => total + value(attempt), 0);
}

function count(attempts: readonly AttemptSummary[], test: (attempt: AttemptSummary) => boolean): number {
  return attempts.filter(test).length;
}

const allTypes = (byType: Record<FlawType, number>) => FLAW_TYPES.reduce((total, type) => total + byType[type], 0);

/** error-spotting rate = caught flaws / planted flaws, overall and per planted flaw type. */
export function errorSpottingRate(attempts: readonly AttemptSummary[]): { overall: Rate; byType: Record<FlawType, Rate> } {
  return {
    overall: ratio(
      sum(attempts, (attempt) => allTypes(attempt.caughtByType)),
      sum(attempts, (attempt) => allTypes(attempt.plantedByType)),
    ),
    byType: byFlawType((type) =>
      ratio(
        sum(attempts, (attempt) => attempt.caughtByType[type]),
        sum(attempts, (attempt) => attempt.plantedByType[type]),
      ),
    ),
  };
}

/** false-flag rate = false flags / marks. */
export function falseFlagRate(attempts: readonly AttemptSummary[]): Rate {
  return ratio(
    sum(attempts, (attempt) => attempt.falseFlags),
    sum(attempts, (attempt) => attempt.marks),
  );
}

/** override rate = (rewrite + escalate) / decisions. */
export function overrideRate(attempts: readonly AttemptSummary[]): Rate {
  return ratio(count(attempts, (attempt) => isOverride(attempt.decision)), attempts.length);
}

/** appropriate override rate = hits / flawed drafts. */
export function appropriateOverrideRate(attempts: readonly AttemptSummary[]): Rate {
  return ratio(
    count(attempts, (attempt) => attempt.outcome === "hit"),
    count(attempts, (attempt) => attempt.flawed),
  );
}

/** unneeded override rate = false alarms / clean drafts. */
export function unneededOverrideRate(attempts: readonly AttemptSummary[]): Rate {
  return ratio(
    count(attempts, (attempt) => attempt.outcome === "false_alarm"),
    count(attempts, (attempt) => !attempt.flawed),
  );
}

/**
 * fix rate = planted flaws removed by the rewrite / planted flaws, on usable rewrites of flawed
 * drafts (a summary carries fix counts only for those, see summariseAttempt).
 */
export function fixRate(attempts: readonly AttemptSummary[]): Rate {
  const rewritten = attempts.filter(
    (attempt) => attempt.flawed && attempt.decision === "rewrite" && attempt.fixPlanted !== undefined,
  );
  return ratio(
    sum(rewritten, (attempt) => attempt.fixRemoved ?? 0),
    sum(rewritten, (attempt) => attempt.fixPlanted ?? 0),
  );
}

/** escalation accuracy = drafts escalated where `expected: escalate` / such drafts. */
export function escalationAccuracy(attempts: readonly AttemptSummary[]): Rate {
  const shouldEscalate = attempts.filter((attempt) => attempt.expected === "escalate");
  return ratio(count(shouldEscalate, (attempt) => attempt.decision === "escalate"), shouldEscalate.length);
}

export type SignalDetection = {
  /** sensitivity d′ = z(H) − z(F) */
  dPrime: number;
  /** bias c = −(z(H) + z(F)) / 2; above 0 leans to accepting the AI, below 0 to overriding it */
  c: number;
  /** H = (hits + 0.5) / (flawed + 1) */
  hitRate: number;
  /** F = (false alarms + 0.5) / (clean + 1) */
  falseAlarmRate: number;
};

/**
 * d′ and c with the log-linear correction. Null unless there is at least one flawed and one
 * clean draft: the correction keeps z finite, but without both kinds there is nothing to
 * tell apart.
 */
export function signalDetection(attempts: readonly AttemptSummary[]): SignalDetection | null {
  const flawed = count(attempts, (attempt) => attempt.flawed);
  const clean = attempts.length - flawed;
  if (flawed === 0 || clean === 0) return null;
  const hits = count(attempts, (attempt) => attempt.outcome === "hit");
  const falseAlarms = count(attempts, (attempt) => attempt.outcome === "false_alarm");
  const hitRate = (hits + 0.5) / (flawed + 1);
  const falseAlarmRate = (falseAlarms + 0.5) / (clean + 1);
  const zH = inverseNormalCdf(hitRate);
  const zF = inverseNormalCdf(falseAlarmRate);
  return { dPrime: zH - zF, c: -(zH + zF) / 2, hitRate, falseAlarmRate };
}
