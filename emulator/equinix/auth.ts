/**
 * OAuth2 client credentials (api-notes §2.1): POST /oauth2/v1/token with a JSON body, and the Bearer check every
 * other vendor route goes through. Tokens expire on the emulator clock. Fabric v3 and v4 share this endpoint
 * (the v4 Go SDK's token source posts to the same path: equinix/equinix-sdk-go
 * `extensions/equinixoauth2/context_aware_token_source.go`).
 */
import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Emulator } from "../core";
import { ERROR_CODES, EquinixError, oauthLoginFailure } from "./errors";
import { EQUINIX_IDENTITIES, EquinixIdentityId } from "./seed";

export const TOKEN_PATH = "/oauth2/v1/token";

/** One API client: its credentials and whose tokens it gets. */
export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  identity: EquinixIdentityId;
}

export interface OAuthOptions {
  clients: OAuthClient[];
  tokenTtlSeconds: number;
}

/** What a request's Authorization header proves: an identity, or why not. */
export type TokenCheck = { ok: true; identity: EquinixIdentityId } | { ok: false; reason: string };

export interface OAuth {
  /** The onRequest hook of the v3 routes: any valid token, else the v3 401 body. */
  authenticate: (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined>;
  /** Checks a request's Bearer token (for APIs with their own 401 body, Fabric v4). */
  check: (request: FastifyRequest) => TokenCheck;
}

const tokenRequestSchema = z.object({
  grant_type: z.literal("client_credentials"),
  client_id: z.string(),
  client_secret: z.string(),
});

function invalidToken(moreInfo: string): EquinixError {
  return {
    errorCode: ERROR_CODES.invalidToken,
    errorMessage: "Invalid access token. Please pass a valid access token",
    property: "Authorization",
    moreInfo,
  };
}

/** Registers the token route; returns the checks that guard the API routes. */
export function registerOAuth({ app, clock }: Emulator, { clients, tokenTtlSeconds }: OAuthOptions): OAuth {
  /** access token -> its identity and expiry on the emulator clock. Kept across resets: sessions, not data. */
  const tokens = new Map<string, { identity: EquinixIdentityId; expiresAt: number }>();

  app.post(TOKEN_PATH, async (request, reply) => {
    const parsed = tokenRequestSchema.safeParse(request.body);
    if (!parsed.success)
      return reply
        .code(401)
        .send(
          oauthLoginFailure(
            'Send a JSON body with grant_type "client_credentials", client_id and client_secret',
          ),
        );
    const client = clients.find(
      ({ clientId, clientSecret }) =>
        parsed.data.client_id === clientId && parsed.data.client_secret === clientSecret,
    );
    if (!client) return reply.code(401).send(oauthLoginFailure("Invalid client_id or client_secret"));
    const accessToken = randomBytes(24).toString("base64url");
    tokens.set(accessToken, { identity: client.identity, expiresAt: clock.now() + tokenTtlSeconds * 1000 });
    return {
      access_token: accessToken,
      // A string, as the real service sends it.
      token_timeout: String(tokenTtlSeconds),
      token_type: "Bearer",
      user_name: EQUINIX_IDENTITIES[client.identity].userName,
    };
  });

  const check = (request: FastifyRequest): TokenCheck => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    if (!match) return { ok: false, reason: "Send the header Authorization: Bearer <access_token>" };
    const token = tokens.get(match[1]);
    if (token === undefined) return { ok: false, reason: "The access token is unknown" };
    if (clock.now() >= token.expiresAt) {
      tokens.delete(match[1]);
      return { ok: false, reason: "The access token has expired; request a new one" };
    }
    return { ok: true, identity: token.identity };
  };

  return {
    check,
    // v3 predates the seller identity: any valid token may call it.
    authenticate: async (request, reply) => {
      const result = check(request);
      return result.ok ? undefined : reply.code(401).send(invalidToken(result.reason));
    },
  };
}
