import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "~/db/client.server";
import { users } from "~/db/schema";
import { shouldShowWalkthrough } from "./steps";

/** When the user first closed the walkthrough, or null when they never have. */
export async function walkthroughSeenAt({ db, userId }: { db: Db; userId: number }): Promise<Date | null> {
  const [row] = await db.select({ seenAt: users.walkthroughSeenAt }).from(users).where(eq(users.id, userId));
  return row?.seenAt ?? null;
}

/** Remembers that the user has closed the walkthrough; the first time stays (reopening and closing it again changes nothing). */
export async function markWalkthroughSeen({ db, userId, now = new Date() }: { db: Db; userId: number; now?: Date }) {
  await db.update(users).set({ walkthroughSeenAt: now }).where(and(eq(users.id, userId), isNull(users.walkthroughSeenAt)));
}

/** For the drill page: whether the walkthrough opens on arrival (`asked`: the agent asked for it), and whether closing it still needs to be recorded. */
export async function walkthroughState({ db, userId, asked }: { db: Db; userId: number; asked: boolean }) {
  const seenAt = await walkthroughSeenAt({ db, userId });
  return { openOnArrival: shouldShowWalkthrough({ seenAt, asked }), seen: seenAt !== null };
}
