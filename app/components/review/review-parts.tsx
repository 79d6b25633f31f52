import type { ReactNode } from "react";
import type { ReviewTable } from "~/app/insights/review-tables";

/** The CSV of one review table, for the month and teams on screen. */
export const reviewCsv = (table: ReviewTable, query: string) => `/insights/export.csv?table=${table}&${query}`;

/** One figure this month, the month before, and the change between them. */
export function CompareRow({ heading, current, previous, change }: { heading: ReactNode; current: ReactNode; previous: ReactNode; change: string }) {
  return (
    <tr>
      <th scope="row">{heading}</th>
      <td>{current}</td>
      <td>{previous}</td>
      <td>{change}</td>
    </tr>
  );
}
