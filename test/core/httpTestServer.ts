/**
 * Small real HTTP servers on 127.0.0.1 for the HTTP layer's tests: each request is answered by `answer` (or the
 * next planned answer), and every arrival is logged with its time.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Answer =
  | { status: number; body?: unknown; headers?: Record<string, string> }
  /** Close the connection without an answer. */
  | "reset"
  /** Answer nothing for `ms`, then close (the client times out first). */
  | { hangMs: number };

export interface Arrival {
  method: string;
  url: string;
  at: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

export interface TestServer {
  base: string;
  seen: Arrival[];
  /** Answers to give first, in order; then `answer` decides. */
  plan: Answer[];
  close(): Promise<void>;
}

export async function startServer(
  answer: (req: Arrival, seen: Arrival[]) => Answer | Promise<Answer> = () => ({
    status: 200,
    body: { ok: true },
  }),
): Promise<TestServer> {
  const state: TestServer = { base: "", seen: [], plan: [], close: async () => undefined };
  const sockets = new Set<import("node:net").Socket>();
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", async () => {
      const arrival: Arrival = {
        method: req.method!,
        url: req.url!,
        at: Date.now(),
        body,
        headers: req.headers,
      };
      state.seen.push(arrival);
      const next = state.plan.shift() ?? (await answer(arrival, state.seen));
      if (next === "reset") return req.socket.destroy();
      if ("hangMs" in next) {
        setTimeout(() => req.socket.destroy(), next.hangMs);
        return;
      }
      res.writeHead(next.status, { "content-type": "application/json", ...next.headers });
      res.end(next.body === undefined ? "" : JSON.stringify(next.body));
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return state;
}

/** Rejects when `promise` has not settled after `ms`: "does not hang" checks, with generous bounds. */
export function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms (hung)`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** The largest number of arrivals inside any window of `ms` milliseconds. */
export function maxInWindow(arrivals: { at: number }[], ms: number): number {
  const times = arrivals.map((a) => a.at).sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= ms) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
