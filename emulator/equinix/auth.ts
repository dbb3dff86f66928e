/**
 * OAuth2 client credentials (api-notes §2.1): POST /oauth2/v1/token with a JSON body, and the Bearer check every
 * other vendor route goes through. Tokens expire on the emulator clock.
 */
import { randomBytes } from "node:crypto";
import type { FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import type { Emulator } from "../core";
import { ERROR_CODES, EquinixError, oauthLoginFailure } from "./errors";
import { EQUINIX_DEMO_USER } from "./seed";

export const TOKEN_PATH = "/oauth2/v1/token";

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  tokenTtlSeconds: number;
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

/** Registers the token route; returns the onRequest hook that guards the API routes. */
export function registerOAuth(
  { app, clock }: Emulator,
  { clientId, clientSecret, tokenTtlSeconds }: OAuthOptions,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  /** access token -> expiry on the emulator clock. Kept across resets: they are sessions, not account data. */
  const expiryByToken = new Map<string, number>();

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
    if (parsed.data.client_id !== clientId || parsed.data.client_secret !== clientSecret)
      return reply.code(401).send(oauthLoginFailure("Invalid client_id or client_secret"));
    const accessToken = randomBytes(24).toString("base64url");
    expiryByToken.set(accessToken, clock.now() + tokenTtlSeconds * 1000);
    return {
      access_token: accessToken,
      // A string, as the real service sends it.
      token_timeout: String(tokenTtlSeconds),
      token_type: "Bearer",
      user_name: EQUINIX_DEMO_USER.userName,
    };
  });

  return async (request, reply) => {
    const match = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "");
    if (!match)
      return reply.code(401).send(invalidToken("Send the header Authorization: Bearer <access_token>"));
    const expiresAt = expiryByToken.get(match[1]);
    if (expiresAt === undefined) return reply.code(401).send(invalidToken("The access token is unknown"));
    if (clock.now() >= expiresAt) {
      expiryByToken.delete(match[1]);
      return reply.code(401).send(invalidToken("The access token has expired; request a new one"));
    }
    return undefined;
  };
}
