import { afterEach, describe, expect, it } from "vitest";
import { ApiError, redact } from "../../provider/core/errors";
import {
  CREDENTIALS_HELP,
  OvhClient,
  credentialsFromSettings,
  parseOvhError,
  resolveEndpoint,
  signRequest,
} from "../../provider/ovh/client";

describe("signRequest", () => {
  // go-ovh's published test vectors (ovh/ovh_test.go), as recorded in the API notes §2.
  const vector = {
    applicationSecret: "9ufkBmLaTQ9nz5yMUlg79taH0GNnzDjk",
    consumerKey: "5mBuy6SUQcRw2ZUxg0cG68BoDKpED4KY",
    timestamp: 1457018875,
  };
  it("signs GET /call with an empty body", () => {
    expect(signRequest({ ...vector, method: "GET", url: "https://eu.api.ovh.com/1.0/call", body: "" })).toBe(
      "$1$7f2db49253edfc41891023fcd1a54cf61db05fbb",
    );
  });
  it("signs GET /auth", () => {
    expect(signRequest({ ...vector, method: "GET", url: "https://eu.api.ovh.com/1.0/auth", body: "" })).toBe(
      "$1$e9556054b6309771395efa467c22e627407461ad",
    );
  });
  it("signs POST /auth with its exact body", () => {
    const body = '{"a":"b","c":"d"}';
    expect(signRequest({ ...vector, method: "POST", url: "https://eu.api.ovh.com/1.0/auth", body })).toBe(
      "$1$ec2fb5c7a81f64723c77d2e5b609ae6f58a84fc1",
    );
  });
  it("upper-cases the method, and covers the query string and the timestamp", () => {
    const base = { ...vector, url: "https://eu.api.ovh.com/1.0/call", body: "" };
    expect(signRequest({ ...base, method: "get" })).toBe(signRequest({ ...base, method: "GET" }));
    expect(signRequest({ ...base, method: "GET", url: `${base.url}?a=1` })).not.toBe(
      signRequest({ ...base, method: "GET" }),
    );
    expect(signRequest({ ...base, method: "GET", timestamp: "1457018876" })).not.toBe(
      signRequest({ ...base, method: "GET" }),
    );
  });
});

describe("parseOvhError", () => {
  it("reads an application error {class, message} and the X-Ovh-QueryID header", () => {
    const parsed = parseOvhError(
      { class: "Client::NotFound", message: "This service does not exist" },
      { "x-ovh-queryid": "EU.ext-3.1234" },
    );
    expect(parsed).toEqual({
      problems: [{ code: "Client::NotFound", message: "This service does not exist" }],
      requestId: "EU.ext-3.1234",
    });
  });
  it("reads a gateway error {errorCode, httpCode, message}", () => {
    const parsed = parseOvhError(
      { errorCode: "INVALID_SIGNATURE", httpCode: "400 Bad Request", message: "Invalid signature" },
      {},
    );
    expect(parsed.problems).toEqual([{ code: "INVALID_SIGNATURE", message: "Invalid signature" }]);
  });
  it("keeps the details map in the message", () => {
    const parsed = parseOvhError(
      {
        class: "Client::Forbidden",
        message: "This call has not been granted",
        details: { unauthorizedActionsByIAM: "ovhCloudConnect:apiovh:config/pop/create" },
      },
      {},
    );
    expect(parsed.problems[0].message).toBe(
      "This call has not been granted (unauthorizedActionsByIAM: ovhCloudConnect:apiovh:config/pop/create)",
    );
  });
  it("takes a plain-text body as the message, and nothing from an empty one", () => {
    expect(parseOvhError("Bad gateway", {}).problems).toEqual([{ message: "Bad gateway" }]);
    expect(parseOvhError(undefined, {}).problems).toEqual([]);
  });
});

describe("resolveEndpoint", () => {
  it("knows the three regions and their OAuth2 token URLs", () => {
    expect(resolveEndpoint("ovh-eu")).toEqual({
      baseURL: "https://eu.api.ovh.com/1.0",
      tokenURL: "https://www.ovh.com/auth/oauth2/token",
    });
    expect(resolveEndpoint("ovh-ca").baseURL).toBe("https://ca.api.ovh.com/1.0");
    expect(resolveEndpoint("OVH-US").baseURL).toBe("https://api.us.ovhcloud.com/1.0");
  });
  it("takes any URL as a literal base URL, as go-ovh does", () => {
    expect(resolveEndpoint("http://127.0.0.1:18081/1.0/")).toEqual({
      baseURL: "http://127.0.0.1:18081/1.0",
      tokenURL: "http://127.0.0.1:18081/auth/oauth2/token",
    });
  });
  it("refuses anything else, saying what it takes", () => {
    expect(() => resolveEndpoint("kimsufi-eu")).toThrow(/neither ovh-eu, ovh-ca, ovh-us nor a URL/);
  });
});

describe("credentials", () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it("come from the environment variables go-ovh and terraform read, with ovh-eu by default", () => {
    for (const key of Object.keys(process.env)) if (key.startsWith("OVH_")) delete process.env[key];
    expect(credentialsFromSettings().endpoint).toBe("ovh-eu");
    Object.assign(process.env, {
      OVH_ENDPOINT: "ovh-ca",
      OVH_APPLICATION_KEY: "ak",
      OVH_APPLICATION_SECRET: "as-secret",
      OVH_CONSUMER_KEY: "ck-secret",
      OVH_CLIENT_ID: "id",
      OVH_CLIENT_SECRET: "cs-secret",
    });
    expect(credentialsFromSettings()).toEqual({
      endpoint: "ovh-ca",
      applicationKey: "ak",
      applicationSecret: "as-secret",
      consumerKey: "ck-secret",
      clientId: "id",
      clientSecret: "cs-secret",
    });
  });

  it("are required before anything is sent, and the error says where they come from", async () => {
    const client = new OvhClient({ endpoint: "http://127.0.0.1:1/1.0" });
    const err: Error = await client.get("/ovhCloudConnect").then(
      () => new Error("no error"),
      (e: Error) => e,
    );
    expect(err.message).toMatch(
      /application key, application secret and consumer key are not all configured/,
    );
    expect(err.message).toContain(CREDENTIALS_HELP);
    expect(err).not.toBeInstanceOf(ApiError);
  });

  it("are registered as secrets, so that no message or progress line can show them", () => {
    const secrets = ["application-secret-value", "consumer-key-value", "client-secret-value"];
    new OvhClient({
      endpoint: "ovh-eu",
      applicationKey: "ak",
      applicationSecret: secrets[0],
      consumerKey: secrets[1],
      clientSecret: secrets[2],
    });
    expect(redact(`failed with ${secrets.join(", ")}`)).toBe("failed with ***, ***, ***");
  });
});
