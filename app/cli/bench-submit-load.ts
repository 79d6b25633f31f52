import { autocannon, type AcClient, type AcHeaders, type AcHistogram } from "./autocannon";

// ── the app under load: autocannon posting pre-served drills ──

/** One request: a signed-in agent answering its open served drill. */
export type Submission = { cookie: string; servedId: number; body: string };

export type DriveResult = {
  successes: number;
  responses: number;
  errors: number;
  statusCodes: Record<string, number>;
  seconds: number;
  /** Of the successful responses, sorted, in ms. */
  latencies: number[];
  autocannon: AcHistogram;
  stoppedEarly: boolean;
  sample: string;
};

function headerValue(headers: AcHeaders, name: string) {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/**
 * `amount` submissions over `connections` keep-alive connections; every request takes the
 * next submission from `next` (its own agent), so no agent waits on another one's lock.
 * A success is a 302 to the attempt's feedback page. `rate` caps the requests per second over
 * all connections; `onSuccess` hears each success's latency (ms) as it arrives.
 */
export function drive({ base, connections, amount, rate, timeoutSeconds, timeLeftMs, next, onSuccess }: { base: string; connections: number; amount: number; rate?: number; timeoutSeconds: number; timeLeftMs: number; next: () => Submission; onSuccess?: (ms: number) => void }): Promise<DriveResult> {
  const statusCodes: Record<string, number> = {};
  const latencies: number[] = [];
  // autocannon reports a response's time in a separate event, right after its onResponse.
  const lastSucceeded = new WeakMap<AcClient, boolean>();
  let successes = 0;
  let responses = 0;
  let sample = "";
  let lastResponseAt = performance.now();

  return new Promise((resolve, reject) => {
    if (timeLeftMs <= 0) return reject(new Error("no time left for the load run"));
    const started = performance.now();
    let stoppedEarly = false;
    const instance = autocannon(
      {
        url: base,
        connections,
        amount,
        ...(rate ? { overallRate: rate } : {}),
        timeout: timeoutSeconds,
        sampleInt: 250,
        method: "POST",
        setupClient: (client) => {
          client.setRequests([
            {
              method: "POST",
              setupRequest: (request) => {
                const { cookie, servedId, body } = next();
                return {
                  ...request,
                  method: "POST",
                  path: `/play/${servedId}`,
                  body,
                  headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
                };
              },
              onResponse: (status, body, _context, headers) => {
                responses += 1;
                const location = headerValue(headers, "location") ?? "";
                const ok = status === 302 && /^\/attempts\/\d+$/.test(location);
                lastSucceeded.set(client, ok);
                if (ok) successes += 1;
                else if (!sample) sample = `HTTP ${status} ${location} ${body.slice(0, 300)}`;
                const key = ok ? "302" : status === 302 ? `302 to ${location || "?"}` : String(status);
                statusCodes[key] = (statusCodes[key] ?? 0) + 1;
              },
            },
          ]);
        },
      },
      (error, result) => {
        clearTimeout(guard);
        if (error) return reject(error);
        resolve({
          successes,
          responses,
          errors: responses - successes + result.errors,
          statusCodes,
          seconds: (lastResponseAt - started) / 1000,
          latencies: latencies.sort((a, b) => a - b),
          autocannon: result.latency,
          stoppedEarly,
          sample,
        });
      },
    );
    instance.on("response", (client, _statusCode, _bytes, responseTime) => {
      lastResponseAt = performance.now();
      if (!lastSucceeded.get(client)) return;
      latencies.push(responseTime);
      onSuccess?.(responseTime);
    });
    const guard = setTimeout(() => {
      stoppedEarly = true;
      instance.stop();
    }, timeLeftMs);
  });
}
