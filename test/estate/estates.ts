/**
 * State exports for the estate view's tests: the recordings under fixtures/ (from real runs of the CLI against
 * the emulators, see record-fixtures.ts), hand-made variants, and a generator of large estates built from the
 * recorded resource shapes.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const FIXTURES = path.join(__dirname, "fixtures");

export const RECORDED = [
  "demo",
  "mixed",
  "equinix-dot1q-to-qinq",
  "equinix-qinq-to-qinq",
  "equinix-azure",
  "equinix-google",
  "consoleconnect-port-to-port",
  "consoleconnect-oracle-fastconnect",
  "ovh-l2",
  "ovh-l3-bgp",
] as const;

export type Recorded = (typeof RECORDED)[number];

export interface ExportedState {
  version: number;
  deployment: {
    manifest?: Record<string, unknown>;
    resources: Resource[];
    [key: string]: unknown;
  };
}

export interface Resource {
  urn: string;
  type: string;
  id?: string;
  outputs?: Record<string, any>;
  inputs?: Record<string, any>;
  initErrors?: string[];
  [key: string]: unknown;
}

export function loadFixture(name: Recorded | string): ExportedState {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.json`), "utf8"));
}

export function resourceOf(state: ExportedState, typeSuffix: string): Resource {
  const found = state.deployment.resources.find((r) => r.type.endsWith(typeSuffix));
  if (!found) throw new Error(`no ${typeSuffix} in the fixture`);
  return found;
}

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** A copy of a resource under another name (URN) with changed outputs. */
export function variant(resource: Resource, name: string, outputs: Record<string, any>): Resource {
  const copy = clone(resource);
  copy.urn = `${resource.urn.slice(0, resource.urn.lastIndexOf("::"))}::${name}`;
  copy.outputs = { ...copy.outputs, ...outputs };
  for (const key of Object.keys(copy.outputs!))
    if (copy.outputs![key] === undefined) delete copy.outputs![key];
  return copy;
}

/** A small deterministic generator, so that the large estate is the same on every run. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const hex = (random: () => number, n: number) =>
  Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
const uuid = (random: () => number) =>
  `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;

const EQUINIX_PORTS = [
  "7f891d3b-973e-73e0-bae0-30ac1885197a",
  "7f891d3b-9740-7400-bae0-30ac1885197a",
  "6f891d3b-972d-73d0-bae3-30ac1995197a",
  "7f892d5b-993f-73f0-bae0-32ad1889197a",
];
const PROFILES = [
  "7a73af1a-3d74-47ac-b778-6bf455d1174e",
  "31b7263f-7e6a-42d0-859e-80a7fd3b9609",
  "2a73af1a-3c74-47ac-b778-6bf455d1174e",
  "32b7273f-7e7a-43d0-859e-81a7fd3b9609",
  "5e1d3c3b-2f1a-4c6e-9d4a-0b7f6e5d4c3b",
];
const EQUINIX_STATUSES = [
  ...Array(14).fill("PROVISIONED"),
  "PENDING_APPROVAL",
  "PROVISIONING",
  "REJECTED",
  "DEPROVISIONING",
];
const CC_PORTS = ["66c29b3c6dcad34e5b728c9c", "66c29b3c6dcad34e5b728c9d", "66c29b3c6dcad34e5b728c9e"];
const CC_DESTINATIONS = ["globex-cloud", "initech-network", "oracle", "umbrella-exchange"];
const CC_STATUSES = [...Array(10).fill("ACTIVE"), "PENDING_ACCEPTANCE", "ACTIVATING", "DENIED", "DISABLING"];

/**
 * An estate of `count` connections built from recorded resources: Equinix pairs and single connections (the
 * recorded pair with its secret authorization key, on four ports towards five sellers), Console Connect
 * connections (the demo's, from three ports to partners, Oracle and your own ports), and the demo's OVHcloud
 * Connect tree. Statuses are mostly up, with some waiting, failed and being deleted.
 */
export function generateEstate(count = 200, seed = 42): ExportedState {
  const random = rng(seed);
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const base = loadFixture("equinix-dot1q-to-qinq");
  const demo = loadFixture("demo");
  const equinix = resourceOf(base, "equinix:L2Connection");
  const cc = resourceOf(demo, "consoleconnect:Layer2Connection");
  const resources: Resource[] = base.deployment.resources.filter((r) => r.type.startsWith("pulumi:"));
  const ccCount = Math.round(count / 4);
  let remaining = count - ccCount;
  let n = 0;
  while (remaining > 0) {
    n += 1;
    const paired = remaining >= 2 && random() < 0.7;
    const status = pick(EQUINIX_STATUSES);
    const port = Math.floor(random() * 2) * 2;
    const profile = Math.floor(random() * PROFILES.length);
    const vlan = 100 + n;
    const outputs: Record<string, any> = {
      name: `fabric-${String(n).padStart(3, "0")}`,
      uuid: uuid(random),
      status,
      providerStatus: status === "PROVISIONED" ? "AVAILABLE" : "NOT_AVAILABLE",
      redundancyGroup: uuid(random),
      portUuid: EQUINIX_PORTS[port],
      profileUuid: PROFILES[profile],
      portEncapsulation: port < 2 ? "Dot1Q" : "QinQ",
      profileEncapsulation: profile % 2 ? "QinQ" : "Dot1Q",
      vlanSTag: vlan,
      zSideVlanCTag: undefined,
      speed: pick([50, 100, 200, 500, 1, 10]),
    };
    outputs.speedUnit = outputs.speed < 50 ? "GB" : "MB";
    if (paired) {
      outputs.secondaryConnection = {
        name: `fabric-${String(n).padStart(3, "0")}-2`,
        portUuid: EQUINIX_PORTS[port + 1],
        vlanSTag: vlan,
      };
      outputs.secondary = {
        uuid: uuid(random),
        status: random() < 0.9 ? status : pick(EQUINIX_STATUSES),
        providerStatus: outputs.providerStatus,
        redundancyGroup: outputs.redundancyGroup,
      };
    } else {
      outputs.secondaryConnection = undefined;
      outputs.secondary = undefined;
    }
    resources.push(variant(equinix, `fabric-${n}`, outputs));
    remaining -= paired ? 2 : 1;
  }
  for (let i = 1; i <= ccCount; i++) {
    const dest = pick(CC_DESTINATIONS);
    const own = random() < 0.1;
    const status = pick(CC_STATUSES);
    resources.push(
      variant(cc, `cc-${i}`, {
        name: `CC-${String(i).padStart(3, "0")}`,
        connectionId: hex(random, 24),
        portId: own ? CC_PORTS[i % 2] : pick(CC_PORTS),
        destCompany: own ? "acme-networks" : dest,
        destPortId: own ? CC_PORTS[2] : undefined,
        srcVlan: 1000 + i,
        destVlan: status === "ACTIVE" ? 3000 + i : undefined,
        speed: pick([50, 100, 200, 500, 1000]),
        status,
      }),
    );
  }
  resources.push(...demo.deployment.resources.filter((r) => r.type.includes("/ovh:")));
  return { version: base.version, deployment: { ...base.deployment, resources } };
}
