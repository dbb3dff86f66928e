/**
 * The unknown-value mechanism against the real policy server code of @pulumi/policy 1.21.0: its `analyze`
 * and `analyzeStack` RPC handlers, called with protobuf requests, without starting the gRPC server.
 * These are internal exports (server.js); if an upgrade moves them, this test fails loudly rather than the
 * policies silently blocking previews.
 */
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { equinixRedundant, maxSpeed, staticOrBgp } from "../../policy/policies";
import { bgpSession, datacenter, equinix, staticRoute } from "./fixtures";
import { type HandResource, UNKNOWN_VALUE, urnOf } from "./harness";

const server = require("@pulumi/policy/server") as {
  makeAnalyzeRpcFun: (name: string, version: string, level: string, policies: unknown[]) => RpcFun;
  makeAnalyzeStackRpcFun: (name: string, version: string, level: string, policies: unknown[]) => RpcFun;
};
const analyzerproto = require("@pulumi/pulumi/proto/analyzer_pb") as any;
// Resolved the way @pulumi/policy resolves it (google-protobuf is its dependency, not ours).
const structproto = require(
  require.resolve("google-protobuf/google/protobuf/struct_pb", {
    paths: [dirname(require.resolve("@pulumi/policy"))],
  }),
) as any;

type RpcFun = (call: { request: unknown }, callback: (err: unknown, resp: unknown) => void) => Promise<void>;

interface Diagnostic {
  policy: string;
  level: "advisory" | "mandatory" | "other";
  message: string;
  urn: string;
}

function call(fn: RpcFun, request: unknown): Promise<Diagnostic[]> {
  return new Promise((resolve, reject) => {
    void fn({ request }, (err, resp) => {
      if (err) return reject(err);

      const list = (resp as any).getDiagnosticsList() as any[];
      resolve(
        list.map((d) => ({
          policy: d.getPolicyname(),
          level:
            d.getEnforcementlevel() === analyzerproto.EnforcementLevel.ADVISORY
              ? "advisory"
              : d.getEnforcementlevel() === analyzerproto.EnforcementLevel.MANDATORY
                ? "mandatory"
                : "other",
          message: d.getMessage(),
          urn: d.getUrn(),
        })),
      );
    });
  });
}

function analyzeRequest(r: HandResource) {
  const req = new analyzerproto.AnalyzeRequest();
  req.setType(r.type);
  req.setName(r.name);
  req.setUrn(urnOf(r.type, r.name));
  req.setProperties(structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props))));
  req.setOptions(new analyzerproto.AnalyzerResourceOptions());
  return req;
}

function analyzeStackRequest(resources: HandResource[]) {
  const req = new analyzerproto.AnalyzeStackRequest();
  req.setResourcesList(
    resources.map((r) => {
      const res = new analyzerproto.AnalyzerResource();
      res.setType(r.type);
      res.setName(r.name);
      res.setUrn(urnOf(r.type, r.name));
      res.setProperties(structproto.Struct.fromJavaScript(JSON.parse(JSON.stringify(r.props))));
      res.setOptions(new analyzerproto.AnalyzerResourceOptions());
      const byName = (names: string[] = []) =>
        names.map((n) => urnOf(resources.find((x) => x.name === n)!.type, n));
      res.setDependenciesList(byName(r.dependencies));
      for (const [key, names] of Object.entries(r.propertyDependencies ?? {})) {
        const deps = new analyzerproto.AnalyzerPropertyDependencies();
        deps.setUrnsList(byName(names));
        res.getPropertydependenciesMap().set(key, deps);
      }
      return res;
    }),
  );
  return req;
}

describe("with the real @pulumi/policy server handlers", () => {
  const analyze = server.makeAnalyzeRpcFun("pulumi-interconnect", "0.1.0", "mandatory", [
    equinixRedundant,
    maxSpeed,
  ]);
  const analyzeStack = server.makeAnalyzeStackRpcFun("pulumi-interconnect", "0.1.0", "mandatory", [
    staticOrBgp,
  ]);

  it("reports violations at the policy's level, and config defaults apply without Configure", async () => {
    const out = await call(
      analyze,
      analyzeRequest(equinix("e", { secondaryConnection: undefined, speed: 50 })),
    );
    expect(out.map((d) => [d.policy, d.level])).toEqual([
      ["equinix-l2-redundant", "mandatory"],
      ["interconnect-max-speed", "mandatory"],
    ]);
    expect(out[1].message).toContain("exceeds the configured maximum of 10000 Mbps");
  });

  it("reports unknown values as advisory, next to the violations already decided", async () => {
    const out = await call(
      analyze,
      analyzeRequest(
        equinix("e", { secondaryConnection: UNKNOWN_VALUE, speed: UNKNOWN_VALUE, speedUnit: "TB" }),
      ),
    );
    expect(out).toEqual([
      {
        policy: "equinix-l2-redundant",
        level: "advisory",
        message:
          "can't run policy 'equinix-l2-redundant' from policy pack 'pulumi-interconnect@v0.1.0' during preview: " +
          "Equinix L2 connection 'e': could not check yet: secondaryConnection is not known until apply; checked " +
          "again during `pulumi up`",
        urn: "",
      },
      {
        policy: "interconnect-max-speed",
        level: "mandatory",
        message: expect.stringContaining('speedUnit is "TB"'),
        urn: "",
      },
    ]);
  });

  it("stack policies: dependencies are resolved, unknowns are advisory", async () => {
    const conflict = await call(
      analyzeStack,
      analyzeStackRequest([
        datacenter("dc", { configId: UNKNOWN_VALUE }),
        {
          ...staticRoute("r", { datacenterConfigId: UNKNOWN_VALUE }),
          propertyDependencies: { datacenterConfigId: ["dc"] },
        },
        {
          ...bgpSession("b", { datacenterConfigId: UNKNOWN_VALUE }),
          propertyDependencies: { datacenterConfigId: ["dc"] },
        },
        bgpSession("floating", { datacenterConfigId: UNKNOWN_VALUE }),
      ]),
    );
    expect(conflict.map((d) => [d.policy, d.level, d.urn])).toEqual([
      ["ovh-datacenter-static-or-bgp", "mandatory", urnOf(datacenter("dc").type, "dc")],
      ["ovh-datacenter-static-or-bgp", "advisory", ""],
    ]);
    expect(conflict[1].message).toContain(
      "'floating' datacenter config (datacenterConfigId) is not known until apply",
    );
  });
});
