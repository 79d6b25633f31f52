import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { freePort } from "./postgres-server";

/** The built app running as a child process, the way `npm run serve` runs it. */
export type AppServer = {
  base: string;
  port: number;
  pid: number;
  /** The last 20,000 characters the server printed (stdout and stderr). */
  output(): string;
  /** Whether the process has exited (or was killed). */
  exited(): boolean;
  /** Sends a signal and waits for the process to end. */
  kill(signal: NodeJS.Signals): Promise<void>;
  /** SIGTERM, then SIGKILL after 10 s; nothing if it already exited. */
  stop(): Promise<void>;
};

/** The production server as the build leaves it (vite.server.config.ts): plain JavaScript, no TypeScript loader in the process. */
export const SERVER_ENTRY = "build/cli/start.js";

/** Every server started here and still running: killed when this process exits, whatever the reason. */
const running = new Set<() => void>();
let exitHookInstalled = false;

/**
 * Starts the built app (`node build/cli/start.js`, as `npm run serve` does) on 127.0.0.1 and a free port
 * and resolves once it prints "Redline is running at" (migrated, library imported). `env` is
 * added to this process's environment; `nodeArgs` go before the script (e.g. --cpu-prof),
 * `args` after it (e.g. --demo). Rejects with the server's output if it exits or is not up
 * within `startTimeoutMs`.
 */
export async function startAppServer({ env, args = [], nodeArgs = [], startTimeoutMs = 120_000 }: { env: Record<string, string>; args?: string[]; nodeArgs?: string[]; startTimeoutMs?: number }): Promise<AppServer> {
  if (!existsSync(path.resolve(SERVER_ENTRY))) throw new Error(`${SERVER_ENTRY} is missing: run \`npx remix vite:build\` first`);
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, SERVER_ENTRY, ...args], {
    cwd: process.cwd(),
    env: { ...process.env, HOST: "127.0.0.1", ...env, PORT: String(port) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const hasExited = () => child.exitCode !== null || child.signalCode !== null;
  const exit = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const killNow = () => {
    if (!hasExited()) child.kill("SIGKILL");
  };
  running.add(killNow);
  void exit.then(() => running.delete(killNow));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on("exit", () => {
      for (const kill of running) kill();
    });
  }
  const kill = async (signal: NodeJS.Signals) => {
    if (hasExited()) return;
    child.kill(signal);
    await exit;
  };
  const server: AppServer = {
    base: `http://127.0.0.1:${port}`,
    port,
    pid: child.pid ?? 0,
    output: () => output,
    exited: hasExited,
    kill,
    async stop() {
      if (hasExited()) return;
      const killer = setTimeout(killNow, 10_000);
      await kill("SIGTERM");
      clearTimeout(killer);
    },
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the app did not start within ${startTimeoutMs / 1000} s:\n${output}`)), startTimeoutMs);
      const onData = () => {
        if (!output.includes("Redline is running at")) return;
        clearTimeout(timer);
        resolve();
      };
      child.stdout.on("data", onData);
      child.once("exit", (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`the app exited (code ${code}, signal ${signal}) before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}

/** The resident set size (VmRSS) and its peak so far (VmHWM) of a process on this machine, in MB; null when unreadable (not Linux, or it exited). */
export async function processMemory(pid: number): Promise<{ rssMb: number; peakMb: number } | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    const rss = kb("VmRSS");
    const peak = kb("VmHWM");
    if (!Number.isFinite(rss)) return null;
    return { rssMb: rss / 1024, peakMb: Number.isFinite(peak) ? peak / 1024 : rss / 1024 };
  } catch {
    return null;
  }
}
