/**
 * Runs `job(0)` … `job(count - 1)` with at most `width` of them in flight, each worker taking
 * the next index when its previous job is done: the shape of a fixed pool of connections.
 */
export async function runWorkers({ count, width, job }: { count: number; width: number; job: (index: number) => Promise<unknown> }) {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(width, count) }, async () => {
      for (let index = next++; index < count; index = next++) await job(index);
    }),
  );
}

export type Timing = { count: number; seconds: number; latencies: number[] };

/**
 * A floor run: jobs 0 … warmup - 1 untimed, then the next `count` timed, `width` at a time.
 * Latencies are per job, sorted, in ms.
 */
export async function timeWorkers({ warmup, count, width, remainingMs, job }: { warmup: number; count: number; width: number; remainingMs: () => number; job: (index: number) => Promise<unknown> }): Promise<Timing> {
  const guarded = async (index: number) => {
    if (remainingMs() < 5_000) throw new Error("ran out of time during a floor run");
    await job(index);
  };
  await runWorkers({ count: warmup, width, job: guarded });
  const latencies: number[] = [];
  const began = performance.now();
  await runWorkers({
    count,
    width,
    job: async (index) => {
      const start = performance.now();
      await guarded(warmup + index);
      latencies.push(performance.now() - start);
    },
  });
  const seconds = (performance.now() - began) / 1000;
  return { count: latencies.length, seconds, latencies: latencies.sort((a, b) => a - b) };
}
