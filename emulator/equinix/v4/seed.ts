/**
 * The Fabric v4 view of the emulated accounts. Invented: the fixtures (names, UUIDs, bandwidths, ports), except where a
 * comment cites a source. The buyer's ports are the v3 seed's ports (same UUIDs, names and encapsulations), so a
 * program can move from v3 to v4 without changing its inputs; the generic profile is the v3 seed's
 * "Demo Dot1q Seller (approval)" (seed 001's Dot1Q-to-Dot1Q profile UUID).
 */
import {
  EQUINIX_IDENTITIES,
  EQUINIX_PORT_LIST,
  EQUINIX_SEED_PROFILES,
  EquinixIdentityId,
  UserPort,
} from "../seed";

export type V4Encapsulation = "DOT1Q" | "QINQ";
export type Priority = "PRIMARY" | "SECONDARY";

/** A port as the emulator keeps it; `portToApi` turns it into the spec's `Port`. */
export interface V4Port {
  uuid: string;
  name: string;
  /** The identity whose account holds the port; cloud providers' ports belong to no emulated identity. */
  owner?: EquinixIdentityId;
  organizationName: string;
  metroCode: string;
  ibx: string;
  priority: Priority;
  encapsulation: V4Encapsulation;
  /** Mbps. */
  speed: number;
}

export interface V4Metro {
  code: string;
  name: string;
  region: string;
  ibxs: string[];
}

export const V4_METROS: readonly V4Metro[] = [
  { code: "SV", name: "Silicon Valley", region: "AMER", ibxs: ["SV1", "SV5"] },
  { code: "SE", name: "Seattle", region: "AMER", ibxs: ["SE2"] },
];

function buyerPort(port: UserPort): V4Port {
  return {
    uuid: port.uuid,
    name: port.name,
    owner: "buyer",
    organizationName: port.accountName,
    metroCode: port.metroCode,
    ibx: port.ibx,
    priority: port.devicePriority === "Primary" ? "PRIMARY" : "SECONDARY",
    encapsulation: port.encapsulation === "Dot1q" ? "DOT1Q" : "QINQ",
    speed: port.totalBandwidth / 1_000_000,
  };
}

/** The buyer's ports: a DOT1Q primary/secondary pair and a QINQ pair in SV1. */
export const FABRIC_V4_BUYER_PORTS: readonly V4Port[] = EQUINIX_PORT_LIST.map(buyerPort);

function sellerPort(
  uuid: string,
  name: string,
  priority: Priority,
  encapsulation: V4Encapsulation,
  organizationName: string,
  owner?: EquinixIdentityId,
): V4Port {
  return {
    uuid,
    name,
    owner,
    organizationName,
    metroCode: "SV",
    ibx: priority === "PRIMARY" ? "SV1" : "SV5",
    priority,
    encapsulation,
    speed: 10_000,
  };
}

const DEMO_SELLER = EQUINIX_IDENTITIES.seller.organizationName;
const { dot1qApproval } = EQUINIX_SEED_PROFILES;

/** The sellers' ports: z-side ports, picked by a connection's redundancy priority. */
export const FABRIC_V4_SELLER_PORTS = {
  /** The v3 seed's z-side ports of the same profile, so both APIs draw seller VLANs from one pool. */
  genericPrimary: sellerPort(
    dot1qApproval.zSidePortUUIDs.primary,
    "SV1-DEMO-SELLER-PRI",
    "PRIMARY",
    "DOT1Q",
    DEMO_SELLER,
    "seller",
  ),
  genericSecondary: sellerPort(
    dot1qApproval.zSidePortUUIDs.secondary,
    "SV5-DEMO-SELLER-SEC",
    "SECONDARY",
    "DOT1Q",
    DEMO_SELLER,
    "seller",
  ),
  upgradePrimary: sellerPort(
    "4d1b3a0e-6b7c-4f0e-9a51-7b0f6d2c1a01",
    "SV1-DEMO-SELLER-BW-PRI",
    "PRIMARY",
    "DOT1Q",
    DEMO_SELLER,
    "seller",
  ),
  upgradeSecondary: sellerPort(
    "4d1b3a0e-6b7c-4f0e-9a51-7b0f6d2c1a02",
    "SV5-DEMO-SELLER-BW-SEC",
    "SECONDARY",
    "DOT1Q",
    DEMO_SELLER,
    "seller",
  ),
  awsPrimary: sellerPort(
    "5e2c4b1f-7c8d-4a1f-8b62-8c1a7e3d2b01",
    "SV1-AWS-DX-PRI",
    "PRIMARY",
    "DOT1Q",
    "Amazon Web Services",
  ),
  awsSecondary: sellerPort(
    "5e2c4b1f-7c8d-4a1f-8b62-8c1a7e3d2b02",
    "SV5-AWS-DX-SEC",
    "SECONDARY",
    "DOT1Q",
    "Amazon Web Services",
  ),
  azurePrimary: sellerPort(
    "6f3d5c20-8d9e-4b20-9c73-9d2b8f4e3c01",
    "SV1-MSEE-PRI",
    "PRIMARY",
    "QINQ",
    "Microsoft Azure",
  ),
  azureSecondary: sellerPort(
    "6f3d5c20-8d9e-4b20-9c73-9d2b8f4e3c02",
    "SV5-MSEE-SEC",
    "SECONDARY",
    "QINQ",
    "Microsoft Azure",
  ),
  googleZone1: sellerPort(
    "704e6d31-9eaf-4c31-8d84-ae3c905f4d01",
    "SV1-GCP-ZONE1",
    "PRIMARY",
    "DOT1Q",
    "Google Cloud",
  ),
  googleZone2: sellerPort(
    "704e6d31-9eaf-4c31-8d84-ae3c905f4d02",
    "SV5-GCP-ZONE2",
    "PRIMARY",
    "DOT1Q",
    "Google Cloud",
  ),
} as const;

export type CloudKind = "aws" | "azure" | "google";

export interface V4ProfileMetro {
  code: string;
  name: string;
  ibxs: string[];
  vcBandwidthMax: number;
  /** Region key -> label (spec `ServiceMetro.sellerRegions`). */
  sellerRegions: Record<string, string>;
}

/** A service profile as the emulator keeps it; `profileToApi` turns it into the spec's `ServiceProfile`. */
export interface V4Profile {
  uuid: string;
  name: string;
  description: string;
  /** Which cloud's rules apply; undefined for a private seller's profile. */
  cloud?: CloudKind;
  /** The identity that may act as the seller; cloud providers are no emulated identity. */
  owner?: EquinixIdentityId;
  organizationName: string;
  visibility: "PUBLIC" | "PRIVATE";
  supportedBandwidths: number[];
  allowCustomBandwidth: boolean;
  /** Spec: "change connection bandwidth without approval of the seller". */
  allowBandwidthAutoApproval: boolean;
  connectionRedundancyRequired: boolean;
  /** The seller ports' encapsulation (`linkProtocolConfig.encapsulation`). */
  encapsulation: V4Encapsulation;
  /** Azure: one S-tag per service key on the seller side (`linkProtocolConfig.reuseVlanSTag`). */
  reuseVlanSTag: boolean;
  namedTags?: string[];
  authenticationKey: { required: boolean; label: string; description?: string };
  /**
   * Invented (emulator-only, never served): whether a new connection waits for the seller's
   * CONNECTION_CREATION_ACCEPTANCE. Served as `apiConfig.apiAvailable: false` (no API integration), as the
   * cloud profiles, which provision on their own, serve `true`.
   */
  sellerApproval: boolean;
  metros: V4ProfileMetro[];
  sellerPorts: { primary: V4Port; secondary?: V4Port };
  redundantProfileId?: string;
}

const SV = { code: "SV", name: "Silicon Valley", ibxs: ["SV1", "SV5"], vcBandwidthMax: 10_000 };

/** Spec `ServiceProfilesResponse` examples list 50 to 10000 Mbps; DOC-BW lists the same steps. */
const CLOUD_BANDWIDTHS = [50, 100, 200, 300, 400, 500, 1000, 2000, 5000, 10000];

export const FABRIC_V4_PROFILES = {
  /**
   * The generic private L2 profile: connections wait for the seller's acceptance (the v3 seed's approval profile,
   * seed 001's UUID). Bandwidth changes need no approval.
   */
  generic: {
    uuid: dot1qApproval.uuid,
    name: dot1qApproval.name,
    description: "Private Layer 2 service; the seller accepts each connection request",
    owner: "seller",
    organizationName: DEMO_SELLER,
    visibility: "PRIVATE",
    supportedBandwidths: [50, 100, 200, 500, 1000, 10000],
    allowCustomBandwidth: false,
    allowBandwidthAutoApproval: true,
    connectionRedundancyRequired: false,
    encapsulation: "DOT1Q",
    reuseVlanSTag: false,
    authenticationKey: { required: false, label: "Authorization Key" },
    sellerApproval: true,
    metros: [{ ...SV, sellerRegions: { "us-sv": "US Silicon Valley" } }],
    sellerPorts: {
      primary: FABRIC_V4_SELLER_PORTS.genericPrimary,
      secondary: FABRIC_V4_SELLER_PORTS.genericSecondary,
    },
  },
  /** Connections provision without approval; a bandwidth increase waits for the seller. */
  bandwidthApproval: {
    uuid: "8b5f0e6a-2c41-4d7e-b1a9-3e6f5d4c2b10",
    name: "Demo Seller (bandwidth approval)",
    description: "Layer 2 service; the seller approves every bandwidth increase",
    owner: "seller",
    organizationName: DEMO_SELLER,
    visibility: "PUBLIC",
    supportedBandwidths: [50, 100, 200, 500, 1000, 2000],
    allowCustomBandwidth: false,
    allowBandwidthAutoApproval: false,
    connectionRedundancyRequired: false,
    encapsulation: "DOT1Q",
    reuseVlanSTag: false,
    authenticationKey: { required: false, label: "Authorization Key" },
    sellerApproval: false,
    metros: [{ ...SV, sellerRegions: {} }],
    sellerPorts: {
      primary: FABRIC_V4_SELLER_PORTS.upgradePrimary,
      secondary: FABRIC_V4_SELLER_PORTS.upgradeSecondary,
    },
  },
  /**
   * UUID, name and SV region us-west-1 from the spec's Vd2AwsSP-Response example; the key is the 12-digit AWS
   * account id (docs.equinix.com "Connect to AWS"); providerStatus stays PENDING_APPROVAL until the hosted
   * connection is accepted (terraform-provider-equinix `internal/resources/fabric/connection/resource.go`).
   */
  aws: {
    uuid: "69ee618d-be52-468d-bc99-00566f2dd2b9",
    name: "AWS Direct Connect",
    description: "AWS Direct Connect hosted connections",
    cloud: "aws",
    organizationName: "Amazon Web Services",
    visibility: "PUBLIC",
    supportedBandwidths: CLOUD_BANDWIDTHS,
    allowCustomBandwidth: false,
    allowBandwidthAutoApproval: true,
    connectionRedundancyRequired: false,
    encapsulation: "DOT1Q",
    reuseVlanSTag: false,
    authenticationKey: { required: true, label: "AWS Account ID", description: "12-digit AWS account id" },
    sellerApproval: false,
    metros: [{ ...SV, sellerRegions: { "us-west-1": "US West (N. California)" } }],
    sellerPorts: {
      primary: FABRIC_V4_SELLER_PORTS.awsPrimary,
      secondary: FABRIC_V4_SELLER_PORTS.awsSecondary,
    },
  },
  /**
   * UUID and name from the spec's COLO2AzureSP-Primary-Response example; one ExpressRoute service key for both
   * legs, peering types, QINQ on Microsoft's side (developer.equinix.com v3-to-v4 Azure parameters mapping;
   * docs.equinix.com Azure pages).
   */
  azure: {
    uuid: "a1390b22-bbe0-4e93-ad37-85beef9d254a",
    name: "Azure ExpressRoute",
    description: "Microsoft Azure ExpressRoute",
    cloud: "azure",
    organizationName: "Microsoft Azure",
    visibility: "PUBLIC",
    supportedBandwidths: [50, 100, 200, 500, 1000, 2000, 5000, 10000],
    allowCustomBandwidth: false,
    allowBandwidthAutoApproval: true,
    connectionRedundancyRequired: true,
    encapsulation: "QINQ",
    reuseVlanSTag: true,
    namedTags: ["Private", "Microsoft"],
    authenticationKey: { required: true, label: "Service Key", description: "ExpressRoute service key" },
    sellerApproval: false,
    metros: [{ ...SV, sellerRegions: {} }],
    sellerPorts: {
      primary: FABRIC_V4_SELLER_PORTS.azurePrimary,
      secondary: FABRIC_V4_SELLER_PORTS.azureSecondary,
    },
  },
  /** UUID and name from docs.equinix.com "API – Connect to Google Cloud"; the key is a pairing key. */
  googleZone1: {
    uuid: "bd4570e2-d792-4a00-87f5-3bde040cdcd7",
    name: "Google Cloud Partner Interconnect Zone 1",
    description: "Google Cloud Partner Interconnect, availability zone 1",
    cloud: "google",
    organizationName: "Google Cloud",
    visibility: "PUBLIC",
    supportedBandwidths: CLOUD_BANDWIDTHS,
    allowCustomBandwidth: false,
    allowBandwidthAutoApproval: true,
    connectionRedundancyRequired: false,
    encapsulation: "DOT1Q",
    reuseVlanSTag: false,
    authenticationKey: { required: true, label: "Pairing Key", description: "VLAN attachment pairing key" },
    sellerApproval: false,
    metros: [{ ...SV, sellerRegions: { "us-west1": "Oregon", "us-west2": "Los Angeles" } }],
    sellerPorts: { primary: FABRIC_V4_SELLER_PORTS.googleZone1 },
    redundantProfileId: "b97dacca-abe6-4e8c-8be1-fcdd1be1defe",
  },
  /** UUID and name from docs.equinix.com "API – Connect to Google Cloud". */
  googleZone2: {
    uuid: "b97dacca-abe6-4e8c-8be1-fcdd1be1defe",
    name: "Google Cloud Partner Interconnect Zone 2",
    description: "Google Cloud Partner Interconnect, availability zone 2",
    cloud: "google",
    organizationName: "Google Cloud",
    visibility: "PUBLIC",
    supportedBandwidths: CLOUD_BANDWIDTHS,
    allowCustomBandwidth: false,
    allowBandwidthAutoApproval: true,
    connectionRedundancyRequired: false,
    encapsulation: "DOT1Q",
    reuseVlanSTag: false,
    authenticationKey: { required: true, label: "Pairing Key", description: "VLAN attachment pairing key" },
    sellerApproval: false,
    metros: [{ ...SV, sellerRegions: { "us-west1": "Oregon", "us-west2": "Los Angeles" } }],
    sellerPorts: { primary: FABRIC_V4_SELLER_PORTS.googleZone2 },
    redundantProfileId: "bd4570e2-d792-4a00-87f5-3bde040cdcd7",
  },
} as const satisfies Record<string, V4Profile>;

export const FABRIC_V4_PROFILE_LIST: readonly V4Profile[] = Object.values(FABRIC_V4_PROFILES);

export const FABRIC_V4_PORT_LIST: readonly V4Port[] = [
  ...FABRIC_V4_BUYER_PORTS,
  ...Object.values(FABRIC_V4_SELLER_PORTS),
];

/** When the seeded ports and profiles were "created" (invented, fixed so that answers are deterministic). */
export const SEED_CREATED_AT = "2024-01-15T09:00:00.000Z";

export function findProfile(uuid: unknown): V4Profile | undefined {
  return typeof uuid === "string"
    ? FABRIC_V4_PROFILE_LIST.find((profile) => profile.uuid === uuid.toLowerCase())
    : undefined;
}

export function findPort(uuid: unknown): V4Port | undefined {
  return typeof uuid === "string"
    ? FABRIC_V4_PORT_LIST.find((port) => port.uuid === uuid.toLowerCase())
    : undefined;
}

/** The z-side port a connection of this priority lands on. */
export function sellerPortFor(profile: V4Profile, priority: Priority): V4Port {
  return priority === "SECONDARY" && profile.sellerPorts.secondary
    ? profile.sellerPorts.secondary
    : profile.sellerPorts.primary;
}
