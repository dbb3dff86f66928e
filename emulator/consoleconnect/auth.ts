/**
 * Authentication (api-notes §1): `Authorization: Bearer <API key>`, and the deprecated `portal-token` header
 * from PUT /api/auth/token (email and password). GET /api/auth/token tells a key's user and companies.
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { z } from "zod";
import { loopBackError, sendNotLoggedIn } from "./errors";
import { CONSOLE_CONNECT_COMPANIES, SeedCompany, SeedUser } from "./seed";

export interface Caller {
  user: SeedUser;
  company: SeedCompany;
}

const callers = new WeakMap<FastifyRequest, Caller>();

/** The authenticated caller of a request that passed `authenticate`. */
export function callerOf(request: FastifyRequest): Caller {
  const caller = callers.get(request);
  if (!caller) throw new Error("callerOf() on a request that was not authenticated");
  return caller;
}

function findCaller(match: (user: SeedUser) => boolean): Caller | undefined {
  for (const company of CONSOLE_CONNECT_COMPANIES) {
    const user = company.users.find(match);
    if (user) return { user, company };
  }
  return undefined;
}

function userBody({ user, company }: Caller) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    roles: [user.role],
    companies: [{ id: company.id, username: company.username, name: company.name, verified: true }],
  };
}

const loginSchema = z.object({ email: z.string(), password: z.string() });

/** Registers the /api/auth/token routes; returns the onRequest hook that guards the API routes. */
export function registerAuth(
  app: FastifyInstance,
): (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply | undefined> {
  /** portal-token -> user id. Kept across resets: they are sessions, not account data. */
  const portalTokens = new Map<string, string>();

  const authenticate = async (request: FastifyRequest, reply: FastifyReply) => {
    const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? "")?.[1];
    const portalToken = request.headers["portal-token"];
    const userId = typeof portalToken === "string" ? portalTokens.get(portalToken) : undefined;
    const caller = bearer
      ? findCaller((user) => user.apiKey === bearer)
      : userId
        ? findCaller((user) => user.id === userId)
        : undefined;
    if (!caller) return sendNotLoggedIn(reply);
    callers.set(request, caller);
    return undefined;
  };

  app.put("/api/auth/token", async (request, reply) => {
    const login = loginSchema.safeParse(request.body);
    const caller =
      login.success &&
      findCaller((user) => user.email === login.data.email && user.password === login.data.password);
    // LoopBack's own answer to a failed login.
    if (!caller) return reply.code(401).send(loopBackError(401, "login failed", "Error"));
    const token = randomBytes(24).toString("base64url");
    portalTokens.set(token, caller.user.id);
    return { ...userBody(caller), token };
  });

  void app.register(async (scope) => {
    scope.addHook("onRequest", authenticate);
    scope.get("/api/auth/token", async (request) => userBody(callerOf(request)));
    scope.delete("/api/auth/token", async (request, reply) => {
      const token = request.headers["portal-token"];
      if (typeof token === "string") portalTokens.delete(token);
      return reply.code(204).send();
    });
  });

  return authenticate;
}
