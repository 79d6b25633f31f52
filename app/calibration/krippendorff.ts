/**
 * Krippendorff's alpha for nominal data, in the coincidence-matrix form of Krippendorff,
 * "Computing Krippendorff's Alpha-Reliability" (2011):
 *
 *   o_ck = Σ_u (number of c-k pairs of values in unit u) / (m_u − 1)   (ordered pairs of different raters)
 *   n_c  = Σ_k o_ck,  n = Σ_c n_c                                         (pairable values)
 *   α    = 1 − D_o / D_e = 1 − (n − 1) · Σ_{c≠k} o_ck / Σ_{c≠k} n_c · n_k
 *
 * A rater who gave a unit no value (missing) is left out of that unit; a unit with fewer than two
 * values has no pairs and adds nothing. α is 1 for perfect agreement, about 0 for agreement at
 * chance, negative for systematic disagreement, and undefined when there are no pairable values or
 * every pairable value is the same (no variation to agree on: D_e = 0).
 */

export type AlphaResult =
  | { alpha: number; pairable: number; units: number }
  | { alpha: null; pairable: number; units: number; reason: "no_pairable_values" | "no_variation" };

/** One array per unit, one entry per rater: the value that rater gave the unit, or null (missing). */
export function krippendorffAlphaNominal(units: readonly (readonly (string | null)[])[]): AlphaResult {
  // Only the sums of the coincidence matrix are needed: its diagonal-free total and the marginals.
  const marginals = new Map<string, number>();
  let disagreeing = 0;
  let pairableUnits = 0;
  for (const unit of units) {
    const counts = new Map<string, number>();
    let values = 0;
    for (const value of unit) {
      if (value === null) continue;
      counts.set(value, (counts.get(value) ?? 0) + 1);
      values += 1;
    }
    if (values < 2) continue;
    pairableUnits += 1;
    let samePairs = 0;
    for (const [value, count] of counts) {
      marginals.set(value, (marginals.get(value) ?? 0) + count);
      samePairs += count * (count - 1);
    }
    // Ordered pairs of values from different raters: m(m − 1), of which Σ n_c(n_c − 1) agree.
    disagreeing += (values * (values - 1) - samePairs) / (values - 1);
  }
  let n = 0;
  let sumSquares = 0;
  for (const count of marginals.values()) {
    n += count;
    sumSquares += count * count;
  }
  if (n === 0) return { alpha: null, pairable: 0, units: 0, reason: "no_pairable_values" };
  const expectedDisagreeing = n * n - sumSquares;
  if (expectedDisagreeing === 0) return { alpha: null, pairable: n, units: pairableUnits, reason: "no_variation" };
  return { alpha: 1 - ((n - 1) * disagreeing) / expectedDisagreeing, pairable: n, units: pairableUnits };
}
