// Fabric v4 connection search, and the core's faults, request log and state files on the v4 routes.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startEquinixEmulator } from "../../emulator/equinix";
import {
  PROVISIONING_MS,
  TEST_TIMINGS,
  V4Harness,
  aws,
  codesAndProperties,
  connectionBody,
  dot1q,
  dot1qPrimary,
  dot1qSecondary,
  expectErrors,
  profileRef,
  withSides,
} from "./equinixV4";

let h: V4Harness;

beforeAll(async () => {
  h = new V4Harness(await startEquinixEmulator({ fabricV4: TEST_TIMINGS }));
});
afterAll(() => h.server.close());
beforeEach(() => h.reset());

const search = (body: object) => h.buyer.post("/fabric/v4/connections/search", body);
const names = (response: { data: { data: { name: string }[] } }) => response.data.data.map((c) => c.name);

/** Five connections, created a second apart: a1 (50, tag 101) … a5 (500, tag 105); a2 and a4 on AWS. */
async function seedFive() {
  const bandwidths = [50, 100, 200, 500, 1000];
  for (let index = 0; index < 5; index++) {
    const onAws = index % 2 === 1;
    await h.create(
      withSides(
        { linkProtocol: dot1q(101 + index) },
        onAws ? { ...profileRef(aws.uuid), authenticationKey: "123456789012" } : {},
        { name: `a${index + 1}`, bandwidth: bandwidths[index] },
      ),
    );
    await h.advance(1_000);
  }
}

describe("connection search", () => {
  it("lists everything visible, newest update first, with pagination and the sort used", async () => {
    await seedFive();
    const response = await search({});
    expect(response.status).toBe(200);
    expect(names(response)).toEqual(["a5", "a4", "a3", "a2", "a1"]);
    expect(response.data.pagination).toEqual({ offset: 0, limit: 20, total: 5 });
    expect(response.data.sort).toEqual([{ property: "/changeLog/updatedDateTime", direction: "DESC" }]);
    // An update moves a connection to the front.
    await h.patch((await search({})).data.data[4].uuid, [
      { op: "replace", path: "/name", value: "a1-renamed" },
    ]);
    expect(names(await search({}))[0]).toBe("a1-renamed");
  });

  it("pages with offset and limit, next and previous", async () => {
    await seedFive();
    const page = await search({ pagination: { offset: 2, limit: 2 } });
    expect(names(page)).toEqual(["a3", "a2"]);
    expect(page.data.pagination).toEqual({
      offset: 2,
      limit: 2,
      total: 5,
      next: "/search?offset=4&limit=2",
      previous: "/search?offset=0&limit=2",
    });
    for (const pagination of [{ limit: 0 }, { limit: 101 }, { limit: 2.5 }, { offset: -1 }]) {
      const [error] = expectErrors(await search({ pagination }), 400);
      expect(error.errorCode).toBe("EQ-3000035");
      expect(error.additionalInfo?.[0].property).toMatch(/^\/pagination\/(limit|offset)$/);
    }
    expect(names(await search({ pagination: { limit: 100 } }))).toHaveLength(5);
  });

  it("=, IN and != on strings; several values mean any of them", async () => {
    await seedFive();
    const eq = await search({ filter: { property: "/name", operator: "=", values: ["a2", "a4", "zz"] } });
    expect(names(eq)).toEqual(["a4", "a2"]);
    const byProfile = await search({
      filter: { property: "/zSide/accessPoint/profile/uuid", operator: "IN", values: [aws.uuid] },
    });
    expect(names(byProfile)).toEqual(["a4", "a2"]);
    const ne = await search({ filter: { property: "/state", operator: "!=", values: ["PENDING"] } });
    expect(names(ne)).toEqual(["a4", "a2"]);
    const numeric = await search({ filter: { property: "/bandwidth", operator: "=", values: ["200"] } });
    expect(names(numeric)).toEqual(["a3"]);
  });

  it("recursive and/or", async () => {
    await seedFive();
    const response = await search({
      filter: {
        or: [
          { property: "/name", operator: "=", values: ["a1"] },
          {
            and: [
              { property: "/bandwidth", operator: ">=", values: ["200"] },
              { property: "/operation/equinixStatus", operator: "=", values: ["PENDING_APPROVAL"] },
            ],
          },
        ],
      },
    });
    expect(names(response)).toEqual(["a5", "a3", "a1"]);
  });

  it("LIKE (substring or % pattern), ILKE, comparisons, BETWEEN, IS NULL", async () => {
    await seedFive();
    await h.create(withSides({ port: dot1qSecondary.uuid }, {}, { name: "Other-X" }));
    expect(
      names(await search({ filter: { property: "/name", operator: "LIKE", values: ["a"] } })),
    ).toHaveLength(5);
    expect(names(await search({ filter: { property: "/name", operator: "LIKE", values: ["%X"] } }))).toEqual([
      "Other-X",
    ]);
    expect(
      names(await search({ filter: { property: "/name", operator: "LIKE", values: ["other"] } })),
    ).toEqual([]);
    expect(
      names(await search({ filter: { property: "/name", operator: "ILKE", values: ["other"] } })),
    ).toEqual(["Other-X"]);
    expect(
      names(await search({ filter: { property: "/bandwidth", operator: ">", values: ["200"] } })),
    ).toEqual(["a5", "a4"]);
    expect(
      names(
        await search({
          filter: {
            property: "/aSide/accessPoint/linkProtocol/vlanTagMin",
            operator: "BETWEEN",
            values: ["102", "103"],
          },
        }),
      ),
    ).toEqual(["a3", "a2"]);
    const all = (await search({})).data.data as { name: string; changeLog: { createdDateTime: string } }[];
    const created = (name: string) => all.find((c) => c.name === name)!.changeLog.createdDateTime;
    const window = await search({
      filter: {
        property: "/changeLog/createdDateTime",
        operator: "BETWEEN",
        values: [created("a2"), created("a3")],
      },
    });
    expect(names(window)).toEqual(["a3", "a2"]);
    expect(
      names(await search({ filter: { property: "/project/projectId", operator: "IS NULL" } })),
    ).toHaveLength(6);
    expect(
      names(
        await search({
          filter: { property: "/zSide/accessPoint/authenticationKey", operator: "IS NOT NULL" },
        }),
      ),
    ).toEqual(["a4", "a2"]);
  });

  it("sorts by a documented property and direction; refuses unknown properties, operators and bodies", async () => {
    await seedFive();
    const sorted = await search({ sort: [{ property: "/bandwidth", direction: "ASC" }] });
    expect(names(sorted)).toEqual(["a1", "a2", "a3", "a4", "a5"]);
    expect(sorted.data.sort).toEqual([{ property: "/bandwidth", direction: "ASC" }]);
    for (const [body, property] of [
      [{ filter: { property: "/colour", operator: "=", values: ["red"] } }, "/filter/property"],
      [{ filter: { and: [{ property: "/name", operator: "~", values: ["a"] }] } }, "/filter/and/0/operator"],
      [{ filter: { property: "/name", operator: "=" } }, "/filter/values"],
      [{ filter: { property: "/name", operator: "BETWEEN", values: ["a"] } }, "/filter/values"],
      [{ filter: { or: [] } }, "/filter/or"],
      [{ sort: [{ property: "/colour" }] }, "/sort/0/property"],
    ] as const) {
      expect(codesAndProperties(expectErrors(await search(body), 400)), JSON.stringify(body)).toEqual([
        ["EQ-3000035", property],
      ]);
    }
  });

  it("shows each identity its own side: the seller sees only connections to its profiles", async () => {
    await seedFive();
    const seller = await h.seller.post("/fabric/v4/connections/search", {
      filter: { property: "/direction", operator: "=", values: ["INCOMING"] },
    });
    expect(names(seller)).toEqual(["a5", "a3", "a1"]);
    const outgoing = await search({
      filter: { property: "/direction", operator: "=", values: ["OUTGOING"] },
    });
    expect(outgoing.data.pagination.total).toBe(5);
  });

  it("the searchLimit rule off lets a limit of 1000 through (as the spec's examples send)", async () => {
    await seedFive();
    await h.settings({ rules: { searchLimit: false } });
    expect(names(await search({ pagination: { limit: 1000 } }))).toHaveLength(5);
  });
});

describe("the core's switches on v4 routes", () => {
  it("a status fault answers a v4 error array with Retry-After, and creates nothing", async () => {
    await h.http.post("/__emulator/faults", {
      kind: "status",
      status: 429,
      retryAfter: 3,
      match: { method: "POST", path: "^/fabric/v4/connections$" },
    });
    const response = await h.buyer.post("/fabric/v4/connections", connectionBody());
    const [error] = expectErrors(response, 429);
    expect(error.errorCode).toBe("EMULATOR-FAULT-429");
    expect(response.headers["retry-after"]).toBe("3");
    expect(await h.controlList()).toEqual([]);
    await h.create(connectionBody());
  });

  it('a create dropped "after" was stored: the retry hits EQ-3142102, search finds the first', async () => {
    await h.http.post("/__emulator/faults", {
      kind: "drop",
      when: "after",
      match: { method: "POST", path: "^/fabric/v4/connections$" },
    });
    await expect(
      h.buyer.post("/fabric/v4/connections", connectionBody({ name: "lost" })),
    ).rejects.toMatchObject({
      code: "ECONNRESET",
    });
    const retry = await h.buyer.post("/fabric/v4/connections", connectionBody({ name: "lost" }));
    expect(expectErrors(retry, 400)[0].errorCode).toBe("EQ-3142102");
    expect(names(await search({ filter: { property: "/name", operator: "=", values: ["lost"] } }))).toEqual([
      "lost",
    ]);
  });

  it("logs v4 calls with credentials redacted; unknown v4 paths answer a 404 array", async () => {
    const created = await h.provisioned(
      withSides({}, { ...profileRef(aws.uuid), authenticationKey: "123456789012" }),
    );
    await h.http.delete("/__emulator/requests");
    await h.patch(created.uuid, [
      {
        op: "add",
        path: "",
        value: {
          additionalInfo: [
            { key: "accessKey", value: "AKIA1" },
            { key: "secretKey", value: "s3cr3t" },
          ],
        },
      },
    ]);
    await h.buyer.post(
      "/fabric/v4/connections",
      withSides({ linkProtocol: dot1q(300) }, { ...profileRef(aws.uuid), authenticationKey: "123456789012" }),
    );
    const missing = await h.buyer.get("/fabric/v4/nothing-here");
    expect(expectErrors(missing, 404)[0].errorCode).toBe("EMULATOR-NOT-FOUND");
    const log = (await h.http.get("/__emulator/requests")).data;
    expect(log.map((entry: { method: string; status: number }) => [entry.method, entry.status])).toEqual([
      ["PATCH", 202],
      ["POST", 201],
      ["GET", 404],
    ]);
    const text = JSON.stringify(log);
    expect(text).not.toContain("s3cr3t");
    expect(text).not.toContain("AKIA1");
    expect(text).not.toContain("123456789012");
  });

  it("the clock drives v4 lifecycles; reset clears v4 connections and settings", async () => {
    await h.settings({ provisioningMs: 5_000 });
    const created = await h.create(
      withSides({}, { ...profileRef(aws.uuid), authenticationKey: "123456789012" }),
    );
    await h.advance(5_000);
    expect((await h.get(created.uuid)).state).toBe("PROVISIONED");
    await h.reset();
    expect(await h.controlList()).toEqual([]);
    expect((await h.http.get("/__emulator/equinix/v4/settings")).data).toMatchObject({
      provisioningMs: PROVISIONING_MS,
      sellerApproval: "manual",
    });
  });

  it("refuses bad settings with a 400", async () => {
    for (const body of [
      { provisioningMs: -1 },
      { rules: { madeUp: false } },
      { sellerApproval: "sometimes" },
    ])
      expect((await h.http.patch("/__emulator/equinix/v4/settings", body)).status).toBe(400);
  });
});

describe("state files", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "equinix-v4-state-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("carry v4 connections (lifecycle, scheduled transitions, VLANs) and v3 ones to the next emulator", async () => {
    const file = path.join(dir, "equinix.json");
    const first = new V4Harness(await startEquinixEmulator({ fabricV4: TEST_TIMINGS, stateFile: file }));
    await first.reset();
    const pending = await first.create(connectionBody());
    const provisioning = await first.create(
      withSides({ linkProtocol: dot1q(101) }, { ...profileRef(aws.uuid), authenticationKey: "123456789012" }),
    );
    const v3 = await first.buyer.post("/ecx/v3/l2/connections", {
      primaryName: "v3",
      profileUUID: "2a73af1a-3c74-47ac-b778-6bf455d1174e",
      speed: 100,
      speedUnit: "MB",
      notifications: ["noc@example.com"],
      primaryPortUUID: dot1qPrimary.uuid,
      primaryVlanSTag: 300,
    });
    expect(v3.status).toBe(200);
    await first.server.close();
    const saved = JSON.parse(readFileSync(file, "utf8"));
    expect(saved).toMatchObject({ format: 1, vendor: "equinix" });
    expect(saved.state.v4.connections).toHaveLength(2);

    const second = new V4Harness(await startEquinixEmulator({ fabricV4: TEST_TIMINGS, stateFile: file }));
    try {
      second.buyer = await second.client({ clientId: "demo-client-id", clientSecret: "demo-client-secret" });
      expect(await second.statusOf(pending.uuid)).toBe("PENDING/PENDING_APPROVAL/NOT_AVAILABLE");
      expect(await second.statusOf(provisioning.uuid)).toBe("PROVISIONING/PROVISIONING/PROVISIONING");
      await second.advance(PROVISIONING_MS);
      expect(await second.statusOf(provisioning.uuid)).toBe("PROVISIONED/PROVISIONED/PENDING_APPROVAL");
      expect((await second.buyer.get(`/ecx/v3/l2/connections/${v3.data.primaryConnectionId}`)).status).toBe(
        200,
      );
      for (const vlanTag of [100, 300]) {
        const clash = await second.buyer.post(
          "/fabric/v4/connections",
          withSides({ linkProtocol: dot1q(vlanTag) }, {}),
        );
        expect(expectErrors(clash, 400)[0].errorCode).toBe("EQ-3142102");
      }
    } finally {
      await second.server.close();
    }
  });

  it("load a file written before v4 (the v3 connections as a bare array)", async () => {
    const file = path.join(dir, "old.json");
    const first = await startEquinixEmulator({ stateFile: file });
    const buyer = await new V4Harness(first).client({
      clientId: "demo-client-id",
      clientSecret: "demo-client-secret",
    });
    const v3 = await buyer.post("/ecx/v3/l2/connections", {
      primaryName: "old",
      profileUUID: "2a73af1a-3c74-47ac-b778-6bf455d1174e",
      speed: 100,
      speedUnit: "MB",
      notifications: ["noc@example.com"],
      primaryPortUUID: dot1qPrimary.uuid,
      primaryVlanSTag: 400,
    });
    await first.close();
    const saved = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...saved, state: saved.state.v3 }));

    const second = new V4Harness(await startEquinixEmulator({ stateFile: file }));
    try {
      second.buyer = await second.client({ clientId: "demo-client-id", clientSecret: "demo-client-secret" });
      expect(
        (await second.buyer.get(`/ecx/v3/l2/connections/${v3.data.primaryConnectionId}`)).data.name,
      ).toBe("old");
      expect((await second.buyer.post("/fabric/v4/connections/search", {})).data.pagination.total).toBe(0);
    } finally {
      await second.server.close();
    }
  });
});
