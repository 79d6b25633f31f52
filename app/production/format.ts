/** An instant as the admin pages show it, in UTC to the minute: "2026-03-02 14:05 UTC"; `empty` for none. */
export function utcMinute(iso: string | null, empty = "never"): string {
  return iso === null ? empty : `${iso.replace("T", " ").slice(0, 16)} UTC`;
}
