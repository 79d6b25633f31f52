/**
 * The agent's weekly goal: how many counted attempts (first attempts at a drill) they mean to do
 * in an ISO week (Monday to Sunday, UTC, as the insight rollups count weeks). The default is the
 * column default of users.weekly_goal.
 */
export const WEEKLY_GOAL = { default: 10, min: 1, max: 200 } as const;

export type WeeklyGoalProgress = { done: number; goal: number; reached: boolean; remaining: number };

/** Where the agent stands against their goal this week: `done` counted attempts so far. */
export function weeklyGoalProgress({ done, goal }: { done: number; goal: number }): WeeklyGoalProgress {
  return { done, goal, reached: done >= goal, remaining: Math.max(0, goal - done) };
}
