import { createRequire } from "node:module";

// ── autocannon has no types of its own: the part of its API used here ──

export type AcHeaders = Record<string, string | string[] | undefined>;
export type AcRequest = {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AcRequest, context: object) => AcRequest | null;
  onResponse?: (status: number, body: string, context: object, headers: AcHeaders) => void;
};
export type AcClient = { setRequests(requests: AcRequest[]): void };
export type AcHistogram = { p50: number; p90: number; p97_5: number; p99: number; max: number };
export type AcResult = { errors: number; timeouts: number; duration: number; latency: AcHistogram };
type AcInstance = {
  stop(): void;
  on(event: "response", listener: (client: AcClient, statusCode: number, bytes: number, responseTime: number) => void): AcInstance;
};
type AcOptions = {
  url: string;
  connections: number;
  amount: number;
  /** Requests per second over all connections; unlimited when absent. */
  overallRate?: number;
  timeout: number;
  sampleInt: number;
  method: string;
  setupClient: (client: AcClient) => void;
};
type Autocannon = (options: AcOptions, callback: (error: Error | null, result: AcResult) => void) => AcInstance;

export const autocannon = createRequire(import.meta.url)("autocannon") as Autocannon;

