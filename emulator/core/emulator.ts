/**
 * The part every vendor emulator shares: a Fastify app bound to 127.0.0.1, the request log, fault switches, the
 * rate-limit mode, the clock and reset, all driven over HTTP under /__emulator/ so that tests in any process can
 * use them.
 */
import Fastify, { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { STATUS_CODES } from "node:http";
import { dirname } from "node:path";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { z } from "zod";
import { Clock, createClock } from "./clock";
import { ActiveFault, FaultInput, FaultStore, createFaultStore } from "./faults";
import { RateLimitInput, RateLimiter, createRateLimiter } from "./rateLimit";
import { AppliedFault, RequestLog, createRequestLog } from "./requestLog";

/** Control endpoints live here; they need no authentication and are neither logged, faulted nor rate-limited. */
export const CONTROL_PREFIX = "/__emulator";

/**
 * Builds the vendor's error body, so that emulator-made errors (faults, 404, bad JSON) look like the vendor's. The
 * request lets a vendor serving two API generations (Equinix v3 and v4) answer in the shape of the one called.
 */
export type ErrorBodyFactory = (
  status: number,
  code: string,
  message: string,
  request?: FastifyRequest,
) => unknown;

export interface EmulatorOptions {
  /** Short lowercase vendor name, e.g. "equinix". */
  vendor: string;
  errorBody: ErrorBodyFactory;
  /**
   * Names the credential a request is made with, for the rate-limit mode (one token bucket per name). Called once
   * the vendor's authentication has passed and the body is parsed; undefined (or no function) counts the request
   * against its source address.
   */
  credentialOf?: (request: FastifyRequest) => string | undefined;
  /** Starts with the rate-limit mode on; off by default. */
  rateLimit?: RateLimitInput;
}

export interface ListeningEmulator {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** How a vendor's state is written to and read back from a state file. */
export interface PersistedState {
  /** A JSON-serializable copy of the vendor's state. */
  save(): unknown;
  /** Replaces the vendor's state with one `save` returned (in an earlier process). */
  load(saved: unknown): void;
}

/** Bumped when a vendor's saved shape changes; an older file is ignored (the emulator starts from its seed). */
const STATE_FORMAT = 1;

export interface Emulator {
  readonly vendor: string;
  readonly app: FastifyInstance;
  readonly faults: FaultStore;
  readonly requests: RequestLog;
  readonly clock: Clock;
  /** The rate-limit mode (POST/DELETE/GET /__emulator/rate-limit drive it over HTTP). */
  readonly rateLimit: RateLimiter;
  /** Registers how the vendor's state goes back to its seed data on reset. */
  onReset(handler: () => void): void;
  /**
   * Keeps the vendor's state in a JSON file: read now if it exists, written after every request that may change
   * it and on close. Without it (the default) the state lives in memory only.
   */
  persist(file: string, state: PersistedState): void;
  /**
   * Vendor state back to the seed, faults and request log cleared, clock back to the wall clock, the rate-limit
   * mode back to the factory options with full buckets.
   */
  reset(): void;
  /** Listens on 127.0.0.1; port 0 (the default) picks a free port. */
  listen(port?: number): Promise<ListeningEmulator>;
}

export function isControlPath(url: string): boolean {
  return url === CONTROL_PREFIX || url.startsWith(`${CONTROL_PREFIX}/`);
}

export function pathWithoutQuery(url: string): string {
  const queryStart = url.indexOf("?");
  return queryStart === -1 ? url : url.slice(0, queryStart);
}

/** Error answers of control endpoints: plain `{error}`, since no vendor client ever reads them. */
export function sendControlError(reply: FastifyReply, status: number, message: string): FastifyReply {
  return reply.code(status).send({ error: message });
}

/** The parsed control body, or undefined after answering 400. */
export function parseControlBody<T extends z.ZodType>(
  schema: T,
  body: unknown,
  reply: FastifyReply,
): z.output<T> | undefined {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  sendControlError(reply, 400, z.prettifyError(parsed.error));
  return undefined;
}

function appliedFaultLabel(fault: ActiveFault): AppliedFault {
  if (fault.kind === "drop") return `drop-${fault.when}`;
  return fault.kind === "status" && fault.when === "after" ? "status-after" : fault.kind;
}

/** Request headers that carry credentials, as an echo fault quotes them. */
const CREDENTIAL_HEADERS = /^(authorization|portal-token|x-ovh-(application|consumer|signature|timestamp))$/i;

/**
 * What an echo fault answers (invented): the request quoted back — method, path, credential headers and body —
 * as a careless API or proxy might.
 */
function echoMessage(vendor: string, request: FastifyRequest): string {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(([name]) => CREDENTIAL_HEADERS.test(name)),
  );
  return (
    `Invalid request ${request.method} ${request.url} with headers ${JSON.stringify(headers)} and body ` +
    `${JSON.stringify(request.body ?? null)} (echo fault of the ${vendor} emulator, invented)`
  );
}

export function createEmulator({
  vendor,
  errorBody,
  credentialOf,
  rateLimit: initialRateLimit,
}: EmulatorOptions): Emulator {
  const app = Fastify({ logger: false });
  const clock = createClock();
  const faults = createFaultStore();
  const requests = createRequestLog();
  const rateLimit = createRateLimiter();
  rateLimit.configure(initialRateLimit);
  const resetHandlers: (() => void)[] = [];
  const faultOfRequest = new WeakMap<FastifyRequest, ActiveFault>();
  const rateLimited = new WeakSet<FastifyRequest>();
  let persisted: { file: string; state: PersistedState } | undefined;

  const saveState = () => {
    if (!persisted) return;
    mkdirSync(dirname(persisted.file), { recursive: true });
    // Lifecycles are timestamps on the emulator's clock: keep its offset, or saved objects would move in time.
    const clockOffsetMs = clock.now() - Date.now();
    const text = JSON.stringify({
      format: STATE_FORMAT,
      vendor,
      clockOffsetMs,
      state: persisted.state.save(),
    });
    // Write then rename, so that a crash never leaves half a file behind.
    writeFileSync(`${persisted.file}.tmp`, text);
    renameSync(`${persisted.file}.tmp`, persisted.file);
  };

  // Any request but a read may change the state (vendor calls and control endpoints alike).
  app.addHook("onResponse", async (request) => {
    if (request.method !== "GET" && request.method !== "HEAD") saveState();
  });

  const record = (request: FastifyRequest, status: number, fault: ActiveFault | undefined) =>
    requests.record({
      method: request.method,
      path: request.url,
      status,
      body: request.body,
      at: new Date(clock.now()).toISOString(),
      fault: rateLimited.has(request) ? "rate-limit" : fault && appliedFaultLabel(fault),
    });

  const faultBody = (status: number, request: FastifyRequest) =>
    errorBody(
      status,
      `EMULATOR-FAULT-${status}`,
      `${STATUS_CODES[status]} (fault injected by the ${vendor} emulator)`,
      request,
    );

  // The rate-limit mode, before the faults (a refused request uses none up). Like them it runs after the vendor's
  // authentication, so that the vendor can name the credential; token endpoints are limited too.
  app.addHook("preValidation", async (request, reply) => {
    if (isControlPath(request.url) || !rateLimit.settings()) return;
    const credential = credentialOf?.(request) ?? `address ${request.ip}`;
    const waitMs = rateLimit.take(credential, clock.now());
    if (waitMs === 0) return;
    rateLimited.add(request);
    // Whole seconds, as the vendors send Retry-After, rounded up so that a client waiting that long succeeds.
    const seconds = Math.max(1, Math.ceil(waitMs / 1000));
    const { rate, burst } = rateLimit.settings()!;
    const message =
      `Too many requests for this credential: rate limit of ${rate} requests/s (burst ${burst}) reached; ` +
      `retry after ${seconds} s (rate-limit mode of the ${vendor} emulator)`;
    return reply
      .code(429)
      .header("retry-after", String(seconds))
      .send(errorBody(429, "EMULATOR-RATE-LIMITED", message));
  });

  // preValidation runs after the body is parsed (so a dropped request is logged with its body) and after the
  // vendor's onRequest authentication (so an unauthenticated request does not use up a fault).
  app.addHook("preValidation", async (request, reply) => {
    if (isControlPath(request.url)) return;
    const fault = faults.take(request.method, pathWithoutQuery(request.url));
    if (!fault) return;
    faultOfRequest.set(request, fault);
    switch (fault.kind) {
      case "delay":
        await sleep(fault.ms);
        return;
      case "status": {
        // "after": the request is processed; onSend replaces its answer.
        if (fault.when === "after") return;
        if (fault.retryAfter !== undefined) reply.header("retry-after", String(fault.retryAfter));
        return reply.code(fault.status).send(faultBody(fault.status, request));
      }
      case "echo":
        return reply
          .code(400)
          .send(errorBody(400, "EMULATOR-ECHO-400", echoMessage(vendor, request), request));
      case "drop":
        if (fault.when === "after") return;
        record(request, 0, fault);
        reply.hijack();
        request.raw.socket.destroy();
        return reply;
    }
  });

  // onSend sees every answer (handlers, errors, 404s), including the ones a drop-after fault then throws away and
  // the ones a status-after fault replaces. The log keeps the status the server produced.
  app.addHook("onSend", async (request, reply, payload) => {
    if (isControlPath(request.url)) return payload;
    const fault = faultOfRequest.get(request);
    record(request, reply.statusCode, fault);
    if (fault?.kind === "drop") reply.raw.destroy();
    if (fault?.kind === "status" && fault.when === "after") {
      reply.code(fault.status).header("content-type", "application/json; charset=utf-8");
      if (fault.retryAfter !== undefined) reply.header("retry-after", String(fault.retryAfter));
      return JSON.stringify(faultBody(fault.status, request));
    }
    return payload;
  });

  // An empty body is no body whatever its Content-Type (axios labels a body-less POST as a form); any other
  // non-JSON body is refused with 415, as Fastify would.
  app.addContentTypeParser("*", { parseAs: "string" }, (request, body, done) => {
    if (body.length === 0) return done(null, undefined);
    const error = new Error(`Unsupported Media Type: ${request.headers["content-type"] ?? "none"}`);
    done(Object.assign(error, { statusCode: 415, code: "FST_ERR_CTP_INVALID_MEDIA_TYPE" }), undefined);
  });

  app.setErrorHandler((error: { statusCode?: number; code?: string; message: string }, request, reply) => {
    const status = error.statusCode !== undefined && error.statusCode >= 400 ? error.statusCode : 500;
    return reply
      .code(status)
      .send(errorBody(status, error.code ?? "EMULATOR-INTERNAL-ERROR", error.message, request));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(
        errorBody(
          404,
          "EMULATOR-NOT-FOUND",
          `${request.method} ${pathWithoutQuery(request.url)} is not emulated`,
          request,
        ),
      ),
  );

  const emulator: Emulator = {
    vendor,
    app,
    faults,
    requests,
    clock,
    rateLimit,
    onReset: (handler) => resetHandlers.push(handler),
    persist(file, state) {
      if (existsSync(file)) {
        try {
          const saved = JSON.parse(readFileSync(file, "utf8"));
          if (saved.format === STATE_FORMAT && saved.vendor === vendor) {
            state.load(saved.state);
            clock.advance(Math.max(0, Number(saved.clockOffsetMs) || 0));
          } else
            console.error(
              `${vendor} emulator: ignoring ${file}, written by another version; starting from the seed`,
            );
        } catch (error) {
          console.error(
            `${vendor} emulator: ignoring unreadable ${file} (${String(error)}); starting from the seed`,
          );
        }
      }
      persisted = { file, state };
    },
    reset() {
      for (const handler of resetHandlers) handler();
      faults.clear();
      requests.clear();
      clock.reset();
      rateLimit.configure(initialRateLimit);
    },
    async listen(port = 0) {
      await app.listen({ host: "127.0.0.1", port });
      const boundPort = (app.server.address() as AddressInfo).port;
      const close = async () => {
        saveState();
        await app.close();
      };
      return { url: `http://127.0.0.1:${boundPort}`, port: boundPort, close };
    },
  };
  registerControlRoutes(emulator);
  return emulator;
}

const advanceClockSchema = z.object({ ms: z.number().min(0) }).strict();

function registerControlRoutes({ app, faults, requests, clock, rateLimit, reset }: Emulator): void {
  app.get(`${CONTROL_PREFIX}/requests`, async () => requests.list());
  app.delete(`${CONTROL_PREFIX}/requests`, async (_request, reply) => {
    requests.clear();
    return reply.code(204).send();
  });

  app.get(`${CONTROL_PREFIX}/faults`, async () => faults.list());
  app.post(`${CONTROL_PREFIX}/faults`, async (request, reply) => {
    try {
      // add() validates the body, so the cast only satisfies the compiler.
      return reply.code(201).send(faults.add(request.body as FaultInput));
    } catch (error) {
      if (error instanceof z.ZodError) return sendControlError(reply, 400, z.prettifyError(error));
      throw error;
    }
  });
  app.delete(`${CONTROL_PREFIX}/faults`, async (_request, reply) => {
    faults.clear();
    return reply.code(204).send();
  });

  app.get(`${CONTROL_PREFIX}/clock`, async () => ({ now: clock.now() }));
  app.post(`${CONTROL_PREFIX}/clock/advance`, async (request, reply) => {
    const body = parseControlBody(advanceClockSchema, request.body, reply);
    if (!body) return reply;
    return { now: clock.advance(body.ms) };
  });

  const rateLimitView = () => ({ enabled: !!rateLimit.settings(), ...rateLimit.settings() });
  app.get(`${CONTROL_PREFIX}/rate-limit`, async () => rateLimitView());
  app.post(`${CONTROL_PREFIX}/rate-limit`, async (request, reply) => {
    try {
      // configure() validates the body, so the cast only satisfies the compiler.
      rateLimit.configure((request.body ?? {}) as RateLimitInput);
    } catch (error) {
      if (error instanceof z.ZodError) return sendControlError(reply, 400, z.prettifyError(error));
      throw error;
    }
    return rateLimitView();
  });
  app.delete(`${CONTROL_PREFIX}/rate-limit`, async (_request, reply) => {
    rateLimit.configure(undefined);
    return reply.code(204).send();
  });

  app.post(`${CONTROL_PREFIX}/reset`, async (_request, reply) => {
    reset();
    return reply.code(204).send();
  });
}
