/**
 * Numbers with a unit in prose — durations, percentages, amounts and the conditions built from
 * them ("30 days", "5–10 business days", "$9.95", "15 %", "10 or more business days", "5〜10営業日")
 * — so the flaw generator can find a value a draft takes from the section it cites and change it.
 */

export type UnitKind = "percent" | "minute" | "hour" | "day" | "week" | "month" | "year";
/** A unit kind, or `money:<currency symbol>`. */
export type QuantityKind = UnitKind | `money:${string}`;

/** One number as written: offsets into the text, its value and how it is written. */
export type WrittenNumber = { start: number; end: number; value: number; decimals: number; grouped: boolean };

/** A single value or a range ("5–10") of one kind; `start`/`end` cover the whole phrase. */
export type Quantity = { kind: QuantityKind; start: number; end: number; low: WrittenNumber; high?: WrittenNumber };

/** How numbers are written: English and Japanese `1,200.50`; German, Spanish and French `1.200,50`. */
export type NumberStyle = { decimal: "." | "," };

export function numberStyleOf(locale: string): NumberStyle {
  return /^(?:de|es|fr)(?:-|$)/.test(locale) ? { decimal: "," } : { decimal: "." };
}

const UNIT_SOURCES: readonly [UnitKind, string][] = [
  ["percent", "%|％|percent|per cent|Prozent|por ciento|pour cent|パーセント"],
  ["minute", "minutes?|mins?|Minuten?|minutos?|分"],
  ["hour", "hours?|hrs?|Stunden?|horas?|heures?|時間"],
  ["day", String.raw`(?:calendar|business|working)\s+days?|days?|営業日|日間|日|Werktagen?|Arbeitstagen?|Tagen?|Tag|días\s+hábiles|día\s+hábil|días?|jours?\s+ouvrés|jours?\s+ouvrables|jours?`],
  ["week", "weeks?|Wochen?|semanas?|semaines?|週間"],
  ["month", "months?|Monaten?|Monate|Monat|meses|mes|mois|か月|ヶ月|カ月"],
  ["year", "years?|Jahren?|Jahre|Jahr|años?|ans?|年"],
];
const UNIT_KINDS = UNIT_SOURCES.map(([kind, source]) => [kind, new RegExp(`^(?:${source})$`, "iu")] as const);

const NUMBER = String.raw`\d{1,3}(?:[.,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,]\d+)?`;
const RANGE_JOIN = String.raw`\s*[-–—〜～~]\s*|\s+(?:to|a|à|bis)\s+`;
const CONDITION = String.raw`\s+or\s+(?:more|fewer|less|longer)`;
const QUANTITY = new RegExp(
  String.raw`(?<![A-Za-z\d.,])(?:(?<currency>[$£€¥])\s?)?(?<low>${NUMBER})(?:(?:${RANGE_JOIN})(?<high>${NUMBER}))?` +
    String.raw`(?:(?:${CONDITION})?[ \u00a0\u202f-]?(?<unit>${UNIT_SOURCES.map(([, source]) => source).join("|")})(?![A-Za-zÀ-ÿ])|\s?(?<currencyAfter>€|円))?`,
  "giu",
);

function unitKind(unit: string): UnitKind | undefined {
  return UNIT_KINDS.find(([, pattern]) => pattern.test(unit))?.[0];
}

function writtenNumber(text: string, start: number, style: NumberStyle): WrittenNumber {
  const thousands = style.decimal === "." ? "," : ".";
  const compact = text.split(thousands).join("");
  const [whole = "", fraction = ""] = compact.split(style.decimal);
  return { start, end: start + text.length, value: Number(`${whole}.${fraction || "0"}`), decimals: fraction.length, grouped: compact !== text };
}

/** The quantities of `text`, in order. A date ("5日" after "月", a year such as "2026年") is not a quantity. */
export function findQuantities(text: string, style: NumberStyle): Quantity[] {
  const found: Quantity[] = [];
  for (const match of text.matchAll(QUANTITY)) {
    const groups = match.groups ?? {};
    const currency = groups.currency ?? groups.currencyAfter;
    const unit = groups.unit === undefined ? undefined : unitKind(groups.unit.replace(/\s+/g, " "));
    const kind: QuantityKind | undefined = currency !== undefined ? `money:${currency}` : unit;
    if (kind === undefined || groups.low === undefined) continue;
    const lowStart = match.index + match[0].indexOf(groups.low);
    const low = writtenNumber(groups.low, lowStart, style);
    if ((unit === "day" && text[match.index - 1] === "月") || (unit === "year" && low.value >= 1900)) continue;
    const high =
      groups.high === undefined ? undefined : writtenNumber(groups.high, match.index + match[0].indexOf(groups.high, lowStart - match.index + groups.low.length), style);
    found.push({ kind, start: match.index, end: match.index + match[0].length, low, high });
  }
  return found;
}

export function sameValue(a: Quantity, b: Quantity): boolean {
  return a.kind === b.kind && a.low.value === b.low.value && a.high?.value === b.high?.value;
}

/** Round values people write for each kind: a wrong value is the next one up, so it reads as plausible. */
const LADDERS: Record<UnitKind | "money", readonly number[]> = {
  percent: [1, 2, 3, 5, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 80, 90, 95, 99, 100],
  minute: [5, 10, 15, 20, 30, 45, 60, 90, 120, 180],
  hour: [1, 2, 3, 4, 6, 8, 12, 24, 36, 48, 72, 96],
  day: [1, 2, 3, 5, 7, 10, 14, 15, 20, 21, 28, 30, 45, 60, 90, 120, 180, 365],
  week: [1, 2, 3, 4, 6, 8, 12, 26, 52],
  month: [1, 2, 3, 6, 9, 12, 18, 24, 36],
  year: [1, 2, 3, 5, 7, 10, 15],
  money: [1, 2, 5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 120, 150, 200, 250, 300, 400, 500, 750, 1000, 1200, 1500, 2000, 2500, 5000, 10000],
};

/** Plausible wrong values for one number, most plausible first. */
function wrongValues(number: WrittenNumber, kind: QuantityKind): number[] {
  const money = kind.startsWith("money:");
  const { value, decimals } = number;
  if (decimals > 0) {
    const step = 10 ** -decimals;
    const lastDigit = Math.round(value / step) % 10;
    const nudged = Number((value + (lastDigit >= 5 ? -4 : 4) * step).toFixed(decimals));
    return money ? [value + 5, value + 10] : [nudged, Number((value - 1).toFixed(decimals))];
  }
  const ladder = LADDERS[money ? "money" : (kind as UnitKind)];
  return [...ladder.filter((step) => step > value).slice(0, 3), value * 2];
}

/**
 * A wrong value for `quantity`: each number replaced by the same rank of its plausible wrong values,
 * skipping any value the section states for the same kind (so the change is wrong, not another rule
 * of the same section). Undefined when there is none.
 */
export function wrongQuantity(quantity: Quantity, section: readonly Quantity[]): { low: number; high?: number } | undefined {
  const stated = section.filter((other) => other.kind === quantity.kind);
  const fits = (value: number, original: WrittenNumber) => value > 0 && (quantity.kind !== "percent" || value <= 100 || original.value > 100);
  const lows = wrongValues(quantity.low, quantity.kind);
  const { high } = quantity;
  if (high === undefined) {
    return lows
      .filter((low) => fits(low, quantity.low) && !stated.some((other) => other.low.value === low || other.high?.value === low))
      .map((low) => ({ low }))[0];
  }
  const highs = wrongValues(high, quantity.kind);
  return lows
    .flatMap((low, rank) => {
      const wrongHigh = highs[rank];
      return wrongHigh === undefined ? [] : [{ low, high: wrongHigh }];
    })
    .filter((range) => range.low < range.high && fits(range.low, quantity.low) && fits(range.high, high))
    .find((range) => !stated.some((other) => other.low.value === range.low && other.high?.value === range.high));
}

/** `value` written like `like`: same decimals, thousands grouped when the original was. */
export function writeNumber(value: number, like: WrittenNumber, style: NumberStyle): string {
  const [whole = "", fraction] = value.toFixed(like.decimals).split(".");
  const thousands = style.decimal === "." ? "," : ".";
  const wholeText = like.grouped ? whole.replace(/\B(?=(\d{3})+(?!\d))/g, thousands) : whole;
  return fraction === undefined ? wholeText : `${wholeText}${style.decimal}${fraction}`;
}
