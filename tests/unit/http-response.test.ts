import { EventEmitter } from "node:events";
import { Writable } from "node:stream";
import type { Response as ExpressResponse } from "express";
import { describe, expect, it } from "vitest";
import { sendResponse } from "~/app/http-response.server";

/** A socket-like response that holds at most `highWaterMark` bytes until `take()` empties it. */
function slowClient(highWaterMark: number) {
  const pending: (() => void)[] = [];
  let received = 0;
  const writable = new Writable({
    highWaterMark,
    write(chunk: Buffer, _encoding, callback) {
      received += chunk.length;
      pending.push(callback);
    },
  });
  const headers: [string, string][] = [];
  const res = Object.assign(writable, {
    statusMessage: "",
    status(code: number) {
      Object.assign(res, { statusCode: code });
      return res;
    },
    append(key: string, value: string) {
      headers.push([key, value]);
      return res;
    },
  });
  return {
    res: res as unknown as ExpressResponse,
    headers,
    received: () => received,
    take: () => pending.splice(0).forEach((callback) => callback()),
  };
}

/** A body of `chunks` chunks of 1 KB that counts how many were pulled, and whether it was cancelled. */
function countingBody(chunks: number) {
  const state = { pulled: 0, cancelled: false };
  const body = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (state.pulled === chunks) return controller.close();
        state.pulled += 1;
        controller.enqueue(new Uint8Array(1024));
      },
      cancel() {
        state.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { body, state };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("sending a streamed response", () => {
  it("reads the body only as fast as the client takes it", async () => {
    const client = slowClient(4 * 1024);
    const { body, state } = countingBody(200);
    const sent = sendResponse(client.res, new Response(body, { status: 200, headers: { "Content-Type": "text/csv" } }));
    for (let i = 0; i < 10; i++) await tick();
    // Remix's own sender would have pulled all 200 chunks into memory by now.
    expect(state.pulled).toBeLessThanOrEqual(6);
    expect(client.headers).toContainEqual(["content-type", "text/csv"]);
    while (state.pulled < 200 || client.received() < 200 * 1024) {
      client.take();
      await tick();
    }
    client.take();
    await sent;
    expect(client.received()).toBe(200 * 1024);
  });

  it("stops reading when the client goes away", async () => {
    const client = slowClient(2 * 1024);
    const { body, state } = countingBody(1_000);
    const sent = sendResponse(client.res, new Response(body));
    await tick();
    client.res.destroy();
    client.take();
    await sent;
    expect(state.cancelled).toBe(true);
    expect(state.pulled).toBeLessThan(10);
  });

  it("ends a response without a body", async () => {
    const client = slowClient(1024);
    let finished = false;
    client.res.on("finish", () => (finished = true));
    await sendResponse(client.res, new Response(null, { status: 204 }));
    await tick();
    expect(finished).toBe(true);
  });

  it("flushes what was written in one burst once, and a later chunk again, never after the end", async () => {
    const written: number[] = [];
    let flushes = 0;
    const res = Object.assign(new Writable({ write: (chunk: Buffer, _encoding, callback) => (written.push(chunk.length), callback()) }), {
      statusMessage: "",
      status: () => res,
      append: () => res,
      flush: () => (flushes += 1),
    });
    let later: ((close: boolean) => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // A page's shell: many small chunks at once, as React writes them; then one more after a wait.
        for (let index = 0; index < 40; index++) controller.enqueue(new Uint8Array(256));
        later = (close) => (close ? controller.close() : controller.enqueue(new Uint8Array(256)));
      },
    });
    const sending = sendResponse(res as unknown as ExpressResponse, new Response(body));
    await tick();
    expect(written).toHaveLength(40);
    expect(flushes).toBe(1);
    later?.(false);
    await tick();
    expect(written).toHaveLength(41);
    expect(flushes).toBe(2);
    // The end sends the rest itself: nothing is flushed after it.
    later?.(true);
    await sending;
    await tick();
    expect(res.writableEnded).toBe(true);
    expect(flushes).toBe(2);
  });

  it("waits for room with one drain listener, also where compression hands drain listeners to its gzip stream", async () => {
    const client = slowClient(2 * 1024);
    // As compression does: res.on("drain") goes to the gzip stream, which re-emits the socket's drain.
    const gzip = new EventEmitter();
    const socketOn = client.res.on.bind(client.res);
    socketOn("drain", () => gzip.emit("drain"));
    Object.assign(client.res, { on: (type: string, listener: () => void) => (type === "drain" ? gzip.on(type, listener) : socketOn(type, listener), client.res) });
    const { body } = countingBody(60);
    const sent = sendResponse(client.res, new Response(body));
    while (client.received() < 60 * 1024) {
      client.take();
      await tick();
    }
    client.take();
    await sent;
    expect(gzip.listenerCount("drain")).toBe(1);
  });
});
