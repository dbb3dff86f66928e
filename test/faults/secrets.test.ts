/**
 * The secret scan: lifecycles that fail in every way a credential could leak through — a rejection by the seller
 * or the partner (whose reason quotes the authorization keys), a vendor 400 that echoes the request back (the
 * emulators' invented echo fault: Authorization and X-Ovh-* headers, the body with client_secret and
 * authenticationKey), credentials refused (401, 403), and a token revoked mid-lifecycle — run with distinctive
 * credentials. No secret may appear in any error's message, stack, fields (ApiError problems, hint, request id;
 * ResourceInitError reasons), any progress line, anything written to stdout or stderr, or the serialized
 * provider text.
 */
import * as pulumi from "@pulumi/pulumi";
import { runInThisContext } from "node:vm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  CONSOLE_CONNECT_DEMO_API_KEY,
  CONSOLE_CONNECT_PARTNER_API_KEY,
  createConsoleConnectEmulator,
} from "../../emulator/consoleconnect";
import type { Emulator } from "../../emulator/core";
import { EQUINIX_SEED_PORTS, FABRIC_V4_PROFILES, createEquinixEmulator } from "../../emulator/equinix";
import {
  OVH_DEMO_CREDENTIALS,
  OVH_SEED_SERVICES,
  OVH_SEED_VRACK,
  createOvhEmulator,
} from "../../emulator/ovh";
import { ApiError, ResourceInitError } from "../../provider/core/errors";
import { onProgress } from "../../provider/core/progress";
import { ConsoleConnectClient } from "../../provider/consoleconnect/client";
import { layer2ConnectionProvider } from "../../provider/consoleconnect/layer2Connection/provider";
import { l2ConnectionProvider } from "../../provider/equinix/l2Connection/provider";
import { popConfigProvider } from "../../provider/ovh/popConfig/provider";
import { vrackOvhCloudConnectProvider } from "../../provider/ovh/vrackOvhCloudConnect/provider";
import { SEED_INPUTS } from "../consoleconnect/seeds";
import { Props } from "./harness";

/** Every credential the scenarios use, distinctive, with characters that JSON and URLs escape. */
const SECRET = {
  equinixClientSecret: 'EQX-secret-"q"\\b/+9f3a-7c1e',
  equinixWrongSecret: "EQX-wrong-secret-5b2d-88aa",
  primaryAuthorizationKey: 'AUTH-"key"/primary+77-c0ffee',
  secondaryAuthorizationKey: "AUTH-key-secondary-99-d00d",
  ovhApplicationSecret: "OVH-APP-SECRET-scan-8c1b4d",
  ovhConsumerKey: "OVH-CONSUMER-scan-2a9f6e",
  ovhWrongConsumerKey: "OVH-CONSUMER-wrong-4417",
  ovhClientSecret: "OVH-SA-SECRET-scan-7e4d",
  consoleConnectApiKey: CONSOLE_CONNECT_DEMO_API_KEY,
  consoleConnectWrongKey: "cc-wrong-key-scan-31f0",
};
const OVH_CLIENT_ID = "scan-ovh-service-account";
/**
 * The secrets the scan looks for: the above, their HTTP Basic form, and every token the emulators issued, each as
 * written, JSON-escaped and URL-encoded (the forms a vendor may echo it in).
 */
const issuedTokens: string[] = [];
const forbidden = () =>
  [
    ...Object.values(SECRET),
    Buffer.from(`${OVH_CLIENT_ID}:${SECRET.ovhClientSecret}`).toString("base64"),
    ...issuedTokens,
  ].flatMap((secret) => [
    ...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)]),
  ]);

// ---------------------------------------------------------------------------------------------------------
// What is scanned
// ---------------------------------------------------------------------------------------------------------

/** Every text a person or a log could see. */
const seen: { where: string; text: string }[] = [];
const errors: unknown[] = [];

function collectError(scenario: string, error: unknown): void {
  errors.push(error);
  const add = (where: string, text: unknown) =>
    seen.push({
      where: `${scenario}: ${where}`,
      text: typeof text === "string" ? text : JSON.stringify(text),
    });
  if (!(error instanceof Error)) return add("thrown value", String(error));
  add("message", error.message);
  add("stack", error.stack ?? "");
  add("toString", String(error));
  // Every field but a ResourceInitError's properties: those are the state, where secret inputs belong (marked
  // secret by the resource class).
  const { properties: _state, ...fields } = error as Error & { properties?: unknown };
  add("fields", fields);
  if (error instanceof ResourceInitError) add("reasons", error.reasons);
  if (error instanceof ApiError) add("problems", error.problems);
}

const writes: string[] = [];
const originalWrite = { stdout: process.stdout.write, stderr: process.stderr.write };
let stopProgress: () => void;
const savedEnv = { ...process.env };

beforeAll(() => {
  // Progress lines go to stderr too (the tests are quiet by default).
  process.env.INTERCONNECT_QUIET = "0";
  process.env.INTERCONNECT_POLL_MS = "50";
  stopProgress = onProgress((line) => seen.push({ where: "progress line", text: line }));
  for (const stream of ["stdout", "stderr"] as const) {
    process[stream].write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      writes.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
      const callback = rest.find((r) => typeof r === "function") as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  }
});

afterAll(() => {
  process.stdout.write = originalWrite.stdout;
  process.stderr.write = originalWrite.stderr;
  stopProgress();
  process.env = savedEnv;
});

/** Runs one operation; its failure is collected (and returned) rather than thrown. */
async function attempt<T>(scenario: string, operation: () => Promise<T>): Promise<T | Error> {
  try {
    return await operation();
  } catch (error) {
    collectError(scenario, error);
    return error as Error;
  }
}

/** An emulator whose token answers are remembered (tokens are secrets too), listening on 127.0.0.1. */
async function listening(emulator: Emulator, tokenPath: string) {
  emulator.app.addHook("onSend", async (request, _reply, payload) => {
    if (request.url.split("?")[0] === tokenPath && typeof payload === "string") {
      const token = (JSON.parse(payload) as { access_token?: unknown }).access_token;
      if (typeof token === "string") issuedTokens.push(token);
    }
    return payload;
  });
  const running = await emulator.listen(0);
  const control = async (method: string, path: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${running.url}/__emulator${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return text ? JSON.parse(text) : undefined;
  };
  return { ...running, emulator, control };
}

const echo = (method: string, path: string) => ({ kind: "echo", match: { method, path } });
const refuseAll = { kind: "status", status: 401, count: 100_000 };
const TIMEOUTS = { create: "5s", update: "5s", delete: "5s" };

async function until<T>(check: () => Promise<T | undefined>): Promise<T> {
  for (const started = Date.now(); Date.now() - started < 10_000;) {
    const value = await check();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("timed out");
}

/** The echo reached the error (so the scan would see a leak), with its credentials masked. */
function expectEchoMasked(error: unknown) {
  expect(error).toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(/echo fault of the \w+ emulator, invented/);
  expect((error as Error).message).toContain("***");
}

// ---------------------------------------------------------------------------------------------------------
// Equinix (Fabric v4)
// ---------------------------------------------------------------------------------------------------------

describe("Equinix", () => {
  let eq: Awaited<ReturnType<typeof listening>>;
  beforeAll(async () => {
    eq = await listening(
      createEquinixEmulator({
        clientId: "scan-client-id",
        clientSecret: SECRET.equinixClientSecret,
        fabricV4: { provisioningMs: 100, deprovisioningMs: 100, updateMs: 100 },
      }),
      "/oauth2/v1/token",
    );
  });
  afterAll(() => eq.close());
  beforeEach(async () => {
    await eq.control("POST", "/reset");
    Object.assign(process.env, {
      EQUINIX_API_VERSION: "v4",
      EQUINIX_API_ENDPOINT: eq.url,
      EQUINIX_API_CLIENTID: "scan-client-id",
      EQUINIX_API_CLIENTSECRET: SECRET.equinixClientSecret,
    });
    delete process.env.EQUINIX_API_TOKEN;
  });

  const P = EQUINIX_SEED_PORTS;
  /** A pair on the profile the seller approves, with an authorization key per leg. */
  const inputs = (name: string, profileUuid = FABRIC_V4_PROFILES.generic.uuid): Props => ({
    name,
    profileUuid,
    speed: 50,
    speedUnit: "MB",
    notifications: ["noc@example.com"],
    sellerMetroCode: "SV",
    portUuid: P.dot1qPrimary.uuid,
    vlanSTag: 1501,
    authorizationKey: SECRET.primaryAuthorizationKey,
    secondaryConnection: {
      name: `${name}-2`,
      portUuid: P.dot1qSecondary.uuid,
      vlanSTag: 1501,
      authorizationKey: SECRET.secondaryAuthorizationKey,
    },
    timeouts: TIMEOUTS,
  });
  const autoInputs = (name: string) => inputs(name, FABRIC_V4_PROFILES.bandwidthApproval.uuid);

  it("a seller's rejection quoting both authorization keys", async () => {
    const started = Date.now();
    const creating = attempt("equinix rejection", () => l2ConnectionProvider.create(inputs("scan-reject")));
    const pending = await until(async () => {
      const all: any[] = await eq.control("GET", "/equinix/v4/connections");
      return all.find((c) => c.operation?.equinixStatus === "PENDING_APPROVAL");
    });
    await eq.control("POST", `/equinix/v4/connections/${pending.uuid}/reject`, {
      reason: `authorization key ${SECRET.primaryAuthorizationKey} (and ${SECRET.secondaryAuthorizationKey}) refused`,
    });
    const error = await creating;
    expect(error).toBeInstanceOf(ResourceInitError);
    expect((error as Error).message).toMatch(/REJECTED: .*authorization key \*\*\* \(and \*\*\*\) refused/);
    // At once: not after the other leg's wait ran out (its 5 s).
    expect(Date.now() - started).toBeLessThan(4_000);
    await l2ConnectionProvider.delete!(
      (error as ResourceInitError).id,
      (error as ResourceInitError).properties,
    );
  });

  it("a 400 echoing the create request (Bearer token, authentication key) and the token request (client secret)", async () => {
    await eq.control("POST", "/faults", echo("POST", "^/fabric/v4/connections$"));
    expectEchoMasked(
      await attempt("equinix echo create", () => l2ConnectionProvider.create(autoInputs("scan-e1"))),
    );
    await eq.control("POST", "/faults", echo("POST", "^/oauth2/v1/token$"));
    process.env.EQUINIX_API_CLIENTID = "scan-client-id-2"; // a client id of its own: no cached token
    expectEchoMasked(
      await attempt("equinix echo token", () => l2ConnectionProvider.create(autoInputs("scan-e2"))),
    );
  });

  it("a 400 echoing an update and a delete (partial state, then destroy)", async () => {
    const created = await l2ConnectionProvider.create(autoInputs("scan-e3"));
    await eq.control("POST", "/faults", echo("PATCH", "^/fabric/v4/connections/.+$"));
    const renamed = {
      ...autoInputs("scan-e3-renamed"),
      secondaryConnection: autoInputs("scan-e3").secondaryConnection,
    };
    const error = await attempt("equinix echo update", () =>
      l2ConnectionProvider.update!(created.id, created.outs, renamed),
    );
    expect(error).toBeInstanceOf(ResourceInitError);
    expectEchoMasked(error);
    await eq.control("POST", "/faults", echo("DELETE", "^/fabric/v4/connections/.+$"));
    expectEchoMasked(
      await attempt("equinix echo delete", () => l2ConnectionProvider.delete!(created.id, created.outs)),
    );
    await l2ConnectionProvider.delete!(created.id, created.outs);
  });

  it("a client secret refused (401), and a static token echoed back", async () => {
    process.env.EQUINIX_API_CLIENTSECRET = SECRET.equinixWrongSecret;
    process.env.EQUINIX_API_CLIENTID = "scan-client-id-3";
    const refused = await attempt("equinix 401", () => l2ConnectionProvider.create(autoInputs("scan-401")));
    expect((refused as Error).message).toMatch(/POST \/oauth2\/v1\/token failed with HTTP 401/);

    // A token obtained elsewhere, given as EQUINIX_API_TOKEN.
    const response = await fetch(`${eq.url}/oauth2/v1/token`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        grant_type: "client_credentials",
        client_id: "scan-client-id",
        client_secret: SECRET.equinixClientSecret,
      }),
    });
    const token = ((await response.json()) as { access_token: string }).access_token;
    issuedTokens.push(token);
    process.env.EQUINIX_API_TOKEN = token;
    await eq.control("POST", "/faults", echo("POST", "^/fabric/v4/connections$"));
    expectEchoMasked(
      await attempt("equinix static token", () => l2ConnectionProvider.create(autoInputs("scan-t"))),
    );
  });

  it("a token revoked mid-lifecycle: every call and every new token refused", async () => {
    const created = await l2ConnectionProvider.create(autoInputs("scan-revoked"));
    await eq.control("POST", "/faults", refuseAll);
    const renamed = {
      ...autoInputs("scan-revoked-b"),
      secondaryConnection: autoInputs("scan-revoked").secondaryConnection,
    };
    const error = await attempt("equinix revoked", () =>
      l2ConnectionProvider.update!(created.id, created.outs, renamed),
    );
    expect((error as Error).message).toMatch(/HTTP 401/);
    await attempt("equinix revoked read", () => l2ConnectionProvider.read!(created.id, created.outs));
    await eq.control("DELETE", "/faults");
    await l2ConnectionProvider.delete!(created.id, created.outs);
  });
});

// ---------------------------------------------------------------------------------------------------------
// OVHcloud
// ---------------------------------------------------------------------------------------------------------

describe("OVHcloud", () => {
  let ovh: Awaited<ReturnType<typeof listening>>;
  beforeAll(async () => {
    ovh = await listening(
      createOvhEmulator({
        applicationKey: OVH_DEMO_CREDENTIALS.applicationKey,
        applicationSecret: SECRET.ovhApplicationSecret,
        consumerKey: SECRET.ovhConsumerKey,
        clientId: OVH_CLIENT_ID,
        clientSecret: SECRET.ovhClientSecret,
        taskStepMs: 50,
        vrackTaskStepMs: 50,
      }),
      "/auth/oauth2/token",
    );
  });
  afterAll(() => ovh.close());

  const classic = () => {
    Object.assign(process.env, {
      OVH_ENDPOINT: `${ovh.url}/1.0`,
      OVH_APPLICATION_KEY: OVH_DEMO_CREDENTIALS.applicationKey,
      OVH_APPLICATION_SECRET: SECRET.ovhApplicationSecret,
      OVH_CONSUMER_KEY: SECRET.ovhConsumerKey,
    });
    delete process.env.OVH_CLIENT_ID;
    delete process.env.OVH_CLIENT_SECRET;
  };
  const oauth2 = () => {
    Object.assign(process.env, {
      OVH_ENDPOINT: `${ovh.url}/1.0`,
      OVH_CLIENT_ID: OVH_CLIENT_ID,
      OVH_CLIENT_SECRET: SECRET.ovhClientSecret,
    });
    delete process.env.OVH_APPLICATION_KEY;
    delete process.env.OVH_APPLICATION_SECRET;
    delete process.env.OVH_CONSUMER_KEY;
  };
  beforeEach(async () => {
    await ovh.control("POST", "/reset");
    classic();
  });

  const link = {
    serviceName: OVH_SEED_VRACK,
    ovhCloudConnect: OVH_SEED_SERVICES.primary.uuid,
    timeouts: TIMEOUTS,
  };
  const pop = {
    serviceName: OVH_SEED_SERVICES.secondary.uuid,
    interfaceId: OVH_SEED_SERVICES.secondary.interfaces[0].id,
    type: "l2",
    timeouts: TIMEOUTS,
  };

  it("a 400 echoing a signed request (consumer key), and a task OVHcloud denies", async () => {
    await ovh.control("POST", "/faults", echo("POST", "/ovhCloudConnect$"));
    expectEchoMasked(await attempt("ovh echo", () => vrackOvhCloudConnectProvider.create(link)));
    await ovh.control("POST", "/ovh/tasks/outcome", { status: "denied" });
    const denied = await attempt("ovh denied", () => popConfigProvider.create(pop));
    expect(denied).toBeInstanceOf(ResourceInitError);
    await popConfigProvider.delete!(
      (denied as ResourceInitError).id,
      (denied as ResourceInitError).properties,
    );
  });

  it("a consumer key refused, and credentials revoked mid-lifecycle", async () => {
    process.env.OVH_CONSUMER_KEY = SECRET.ovhWrongConsumerKey;
    const refused = await attempt("ovh wrong consumer key", () => vrackOvhCloudConnectProvider.create(link));
    expect((refused as Error).message).toMatch(/INVALID_CREDENTIAL/);
    classic();
    const created = await vrackOvhCloudConnectProvider.create(link);
    await ovh.control("POST", "/faults", refuseAll);
    await attempt("ovh revoked read", () => vrackOvhCloudConnectProvider.read!(created.id, created.outs));
    await attempt("ovh revoked delete", () => vrackOvhCloudConnectProvider.delete!(created.id, created.outs));
    await ovh.control("DELETE", "/faults");
    await vrackOvhCloudConnectProvider.delete!(created.id, created.outs);
  });

  it("OAuth2: a 400 echoing the token request (Basic credentials) and an API call (Bearer token), and a revoked token", async () => {
    oauth2();
    await ovh.control("POST", "/faults", echo("POST", "^/auth/oauth2/token$"));
    expectEchoMasked(await attempt("ovh oauth2 echo token", () => popConfigProvider.create(pop)));
    await ovh.control("POST", "/faults", echo("POST", "/config/pop$"));
    expectEchoMasked(await attempt("ovh oauth2 echo call", () => popConfigProvider.create(pop)));
    const created = await popConfigProvider.create(pop);
    await ovh.control("POST", "/faults", refuseAll);
    await attempt("ovh oauth2 revoked", () => popConfigProvider.read!(created.id, created.outs));
    await ovh.control("DELETE", "/faults");
    await popConfigProvider.delete!(created.id, created.outs);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Console Connect
// ---------------------------------------------------------------------------------------------------------

describe("Console Connect", () => {
  let cc: Awaited<ReturnType<typeof listening>>;
  beforeAll(async () => {
    cc = await listening(
      createConsoleConnectEmulator({
        approvalDelayMs: "manual",
        creatingMs: 50,
        acceptedMs: 50,
        activatingMs: 50,
        disablingMs: 50,
        deletingMs: 50,
      }),
      "/none",
    );
  });
  afterAll(() => cc.close());
  beforeEach(async () => {
    await cc.control("POST", "/reset");
    Object.assign(process.env, {
      CONSOLE_CONNECT_API_URL: cc.url,
      CONSOLE_CONNECT_API_KEY: SECRET.consoleConnectApiKey,
    });
  });

  const b2b = (name: string): Props => ({ ...SEED_INPUTS.companyToCompany, name, timeouts: TIMEOUTS });
  const p2p = (name: string): Props => ({ ...SEED_INPUTS.portToPort, name, timeouts: TIMEOUTS });

  it("the partner's rejection, and a 400 echoing the create request (API key)", async () => {
    const partner = new ConsoleConnectClient({ endpoint: cc.url, apiKey: CONSOLE_CONNECT_PARTNER_API_KEY });
    const creating = attempt("cc rejection", () => layer2ConnectionProvider.create(b2b("scan-denied")));
    const pending = await until(async () => {
      const all: any[] = await cc.control("GET", "/consoleconnect/connections");
      return all.find((c) => c.status === "PENDING");
    });
    await partner.rejectConnection("globex-cloud", pending.id);
    const denied = await creating;
    expect(denied).toBeInstanceOf(ResourceInitError);
    await layer2ConnectionProvider.delete!(
      (denied as ResourceInitError).id,
      (denied as ResourceInitError).properties,
    );

    await cc.control("POST", "/faults", echo("PUT", "/connections/layer2$"));
    expectEchoMasked(await attempt("cc echo", () => layer2ConnectionProvider.create(p2p("scan-echo"))));
  });

  it("an API key refused, and revoked mid-lifecycle", async () => {
    process.env.CONSOLE_CONNECT_API_KEY = SECRET.consoleConnectWrongKey;
    const refused = await attempt("cc 401", () => layer2ConnectionProvider.create(p2p("scan-401")));
    expect((refused as Error).message).toMatch(/HTTP 401/);
    process.env.CONSOLE_CONNECT_API_KEY = SECRET.consoleConnectApiKey;
    const created = await layer2ConnectionProvider.create(p2p("scan-revoked"));
    await cc.control("POST", "/faults", refuseAll);
    const error = await attempt("cc revoked", () =>
      layer2ConnectionProvider.update!(created.id, created.outs, p2p("scan-revoked-b")),
    );
    expect(error).toBeInstanceOf(ResourceInitError);
    await cc.control("DELETE", "/faults");
    await layer2ConnectionProvider.delete!(created.id, created.outs);
  });
});

// ---------------------------------------------------------------------------------------------------------
// The scan
// ---------------------------------------------------------------------------------------------------------

describe("scan", () => {
  it("the serialized providers hold no credential", async () => {
    // The compiled package, as a program loads it (see test/equinix/serialization.test.ts).
    const dist = require("pulumi-interconnect");
    const providers = [
      dist.equinix.L2Connection,
      dist.ovh.VrackOvhCloudConnect,
      dist.ovh.PopConfig,
      dist.ovh.DatacenterConfig,
      dist.ovh.DatacenterExtraConfig,
      dist.consoleconnect.Layer2Connection,
    ].map((resource) => resource.provider as pulumi.dynamic.ResourceProvider);
    for (const provider of providers) {
      const closure = runInThisContext("(provider) => () => provider")(provider);
      const serialized = await pulumi.runtime.serializeFunction(closure, { allowSecrets: true });
      seen.push({ where: "serialized provider", text: serialized.text });
    }
  });

  it("finds no secret in any error, progress line, stdout or stderr write, or serialized provider", () => {
    expect(errors.length).toBeGreaterThanOrEqual(15);
    expect(issuedTokens.length).toBeGreaterThan(0);
    const texts = [...seen, ...writes.map((text) => ({ where: "stdout/stderr", text }))];
    const leaks = texts.flatMap(({ where, text }) =>
      forbidden()
        .filter((secret) => text.includes(secret))
        .map((secret) => `${where}: ${secret.slice(0, 12)}… in ${text.slice(0, 300)}`),
    );
    expect(leaks).toEqual([]);
  });
});
