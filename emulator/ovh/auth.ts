/**
 * Authentication (api-notes §2): `GET /1.0/auth/time` (unauthenticated, a bare integer on the emulator clock),
 * the classic signature checked on every other /1.0 route, and OAuth2 client credentials at
 * `POST /auth/oauth2/token` (the token URL of a literal endpoint is `<origin>/auth/oauth2/token`).
 *
 * The signature is recomputed over the URL as the client sent it (`http://` + Host header + path and query), the
 * raw body and the X-Ovh-Timestamp header, with the application secret of the application key presented.
 */
import { createHash, randomBytes } from "node:crypto";
import { Readable } from "node:stream";
import type { FastifyInstance, FastifyRequest, preParsingAsyncHookHandler } from "fastify";
import type { Emulator } from "../core";
import { GATEWAY_ERRORS, sendGatewayError, sendOvhError } from "./errors";

export const API_PREFIX = "/1.0";
export const TOKEN_PATH = "/auth/oauth2/token";

export interface OvhAuthOptions {
  applicationKey: string;
  applicationSecret: string;
  consumerKey: string;
  clientId: string;
  clientSecret: string;
  /** How far X-Ovh-Timestamp may be from the emulator clock. */
  timestampToleranceSeconds: number;
  tokenTtlSeconds: number;
}

/** The emulator's own copy of the signature, written from the notes rather than shared with the client. */
function signature(secret: string, consumer: string, method: string, url: string, body: string, ts: string) {
  return `$1$${createHash("sha1").update([secret, consumer, method, url, body, ts].join("+")).digest("hex")}`;
}

async function readAll(payload: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of payload) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

function nowSeconds(emulator: Emulator): number {
  return Math.floor(emulator.clock.now() / 1000);
}

/** Registers the unauthenticated routes; returns the hook that guards the /1.0 API scope. */
export function registerAuth(emulator: Emulator, options: OvhAuthOptions): preParsingAsyncHookHandler {
  const { app } = emulator;
  /** access token → expiry on the emulator clock. Kept across resets: they are sessions, not account data. */
  const expiryByToken = new Map<string, number>();

  app.get(`${API_PREFIX}/auth/time`, async () => nowSeconds(emulator));
  registerTokenRoute(app, options, (token) =>
    expiryByToken.set(token, emulator.clock.now() + options.tokenTtlSeconds * 1000),
  );

  return async function authenticate(request, reply, payload) {
    const body = await readAll(payload);
    const bearer = /^Bearer\s+(\S+)$/i.exec(header(request, "authorization") ?? "");
    if (bearer) {
      const expiresAt = expiryByToken.get(bearer[1]);
      if (expiresAt === undefined || emulator.clock.now() >= expiresAt)
        return sendOvhError(reply, 401, "The access token is invalid or has expired");
    } else {
      const application = header(request, "x-ovh-application");
      const consumer = header(request, "x-ovh-consumer");
      const timestamp = header(request, "x-ovh-timestamp") ?? "";
      if (!application) return sendOvhError(reply, 401, "You must login first");
      if (application !== options.applicationKey) return sendGatewayError(reply, GATEWAY_ERRORS.invalidKey);
      if (consumer !== options.consumerKey) return sendGatewayError(reply, GATEWAY_ERRORS.invalidCredential);
      if (
        !/^\d+$/.test(timestamp) ||
        Math.abs(Number(timestamp) - nowSeconds(emulator)) > options.timestampToleranceSeconds
      )
        return sendGatewayError(reply, GATEWAY_ERRORS.queryTimeOut);
      const url = `http://${request.headers.host}${request.url}`;
      const expected = signature(options.applicationSecret, consumer, request.method, url, body, timestamp);
      if (header(request, "x-ovh-signature") !== expected)
        return sendGatewayError(reply, GATEWAY_ERRORS.invalidSignature);
    }
    // The body was read to check the signature; hand the same bytes on to the parser.
    return Readable.from([Buffer.from(body, "utf8")]);
  };
}

/** Client credentials in a form, from HTTP Basic or from the form itself; scope "all" as OVH's clients ask. */
function registerTokenRoute(
  app: FastifyInstance,
  options: OvhAuthOptions,
  remember: (token: string) => void,
): void {
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.post(TOKEN_PATH, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string>;
    const basic = /^Basic\s+(\S+)$/i.exec(header(request, "authorization") ?? "");
    const [id, secret] = basic
      ? Buffer.from(basic[1], "base64").toString("utf8").split(":")
      : [form.client_id, form.client_secret];
    if (form.grant_type !== "client_credentials")
      return reply
        .code(400)
        .send({ error: "unsupported_grant_type", error_description: "Use client_credentials" });
    if (id !== options.clientId || secret !== options.clientSecret)
      return reply
        .code(401)
        .send({ error: "invalid_client", error_description: "Client authentication failed" });
    const token = randomBytes(24).toString("base64url");
    remember(token);
    return { access_token: token, token_type: "Bearer", expires_in: options.tokenTtlSeconds, scope: "all" };
  });
}
