/**
 * The emulated OVHcloud account: demo credentials, a vRack, two OVHcloud Connect services in it and the
 * datacenters they reach. Deterministic and exported so that tests and examples use the same values.
 *
 * The primary service is the one seed 000 configures; it starts unlinked, so step 1 (linking it to the vRack)
 * has something to do. The secondary service is already in the same vRack: once it has a PoP config of its
 * own, it inherits the vRack's datacenter configs (seed 000 step 3, "the second service will inherit").
 */

export const OVH_DEMO_CREDENTIALS = {
  applicationKey: "demoOvhAppKey0001",
  applicationSecret: "demoOvhAppSecret00000000000000001",
  consumerKey: "demoOvhConsumerKey00000000000001",
  /** An OAuth2 service account, the alternative to the keys above. */
  clientId: "demo-ovh-service-account",
  clientSecret: "demo-ovh-service-account-secret",
} as const;

/** The account's vRack. */
export const OVH_SEED_VRACK = "pn-1000001";

/** A second, empty vRack (to link a service elsewhere). */
export const OVH_SEED_OTHER_VRACK = "pn-1000002";

export interface SeedInterface {
  id: number;
  interfaceName: string;
  deviceDisplayName: string;
  /** Light levels in dBm. */
  incomingLightValue: number;
  outgoingLightValue: number;
}

export interface SeedService {
  uuid: string;
  description: string;
  /** Where the PoP is. */
  pop: string;
  provider: string;
  bandwidth: string;
  portQuantity: "1" | "2";
  interfaces: SeedInterface[];
  /** The vRack the service is in from the start (null: not linked yet). */
  vrack: string | null;
}

export const OVH_SEED_SERVICES = {
  /** Seed 000's service: two interfaces at the Paris PoP, not linked to a vRack yet. */
  primary: {
    uuid: "8f3c2a1e-5b6d-4c7e-9f80-1a2b3c4d5e6f",
    description: "Demo OVHcloud Connect (Paris)",
    pop: "PAR-TH2",
    provider: "OVHcloud",
    bandwidth: "1g",
    portQuantity: "2",
    interfaces: [
      {
        id: 1234,
        interfaceName: "xe-0/0/12",
        deviceDisplayName: "par-th2-occ-a",
        incomingLightValue: -2.1,
        outgoingLightValue: -1.9,
      },
      {
        id: 1235,
        interfaceName: "xe-0/0/13",
        deviceDisplayName: "par-th2-occ-b",
        incomingLightValue: -2.4,
        outgoingLightValue: -2.0,
      },
    ],
    vrack: null,
  },
  /** A second service, already in the same vRack: it shares (inherits) the vRack's datacenter configs. */
  secondary: {
    uuid: "2b7e9d4c-3a1f-4e8b-8c6d-0f1e2d3c4b5a",
    description: "Demo OVHcloud Connect (Roubaix)",
    pop: "RBX-EQ",
    provider: "equinix",
    bandwidth: "500m",
    portQuantity: "1",
    interfaces: [
      {
        id: 2234,
        interfaceName: "xe-1/0/4",
        deviceDisplayName: "rbx-eq-occ-a",
        incomingLightValue: -3.2,
        outgoingLightValue: -2.7,
      },
    ],
    vrack: OVH_SEED_VRACK,
  },
} as const satisfies Record<string, SeedService>;

export const OVH_SERVICE_LIST: readonly SeedService[] = Object.values(OVH_SEED_SERVICES);

export interface SeedDatacenter {
  id: number;
  name: string;
  available: boolean;
  region: string;
  regionType: "1-AZ" | "3-AZ";
}

/** The datacenters both services reach (`GET /ovhCloudConnect/{sn}/datacenter`); id 6 is terraform's fixture. */
export const OVH_SEED_DATACENTERS = {
  gra: { id: 6, name: "gra", available: true, region: "eu-west-gra", regionType: "1-AZ" },
  rbx: { id: 7, name: "rbx", available: true, region: "eu-west-rbx", regionType: "1-AZ" },
  sbg: { id: 8, name: "sbg", available: true, region: "eu-west-sbg", regionType: "1-AZ" },
  par: { id: 9, name: "par", available: true, region: "eu-west-par", regionType: "3-AZ" },
  /** Not available: it cannot receive a new configuration. */
  waw: { id: 10, name: "waw", available: false, region: "eu-central-waw", regionType: "1-AZ" },
} as const satisfies Record<string, SeedDatacenter>;

export const OVH_DATACENTER_LIST: readonly SeedDatacenter[] = Object.values(OVH_SEED_DATACENTERS);

/** The most invented load datacenters: their ids (11–34) keep the ASN the emulator assigns private. */
export const OVH_MAX_LOAD_DATACENTERS = 24;

/**
 * Invented: datacenters for loads, served only when the emulator starts with `loadDatacenters` (the benchmarks
 * and the rate-limit tests configure 25 datacenters at once, and the seed has four available ones). Names, ids
 * (11 on, after the seed's) and regions are made up: no OVHcloud datacenter is called `load-01`.
 */
export function ovhLoadDatacenters(count: number): SeedDatacenter[] {
  if (!(count >= 0 && count <= OVH_MAX_LOAD_DATACENTERS))
    throw new RangeError(`loadDatacenters must be 0 to ${OVH_MAX_LOAD_DATACENTERS}, not ${count}`);
  return Array.from({ length: count }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    return {
      id: 11 + i,
      name: `load-${n}`,
      available: true,
      region: `invented-load-${n}`,
      regionType: "1-AZ",
    };
  });
}
