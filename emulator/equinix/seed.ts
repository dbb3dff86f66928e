/**
 * The emulated Equinix account: demo credentials, the buyer's ports and the seller profiles. Deterministic and
 * exported so that tests and examples can use the same UUIDs.
 *
 * UUIDs are taken from seed 001's sample requests where those are well formed (so its samples need the fewest
 * changes); seed 001 also contains malformed ones ("7g831d3b-…" has a "g", "7f21d3b-…" is 7 digits long), which
 * are replaced by the seeded ports below.
 */

export const EQUINIX_DEMO_CREDENTIALS = {
  clientId: "demo-client-id",
  clientSecret: "demo-client-secret",
} as const;

/** The account user every token is issued to; shows up in createdBy/lastUpdatedBy/deletedBy. */
export const EQUINIX_DEMO_USER = {
  userName: "demo-user",
  fullName: "Demo User",
  email: "demo-user@example.com",
} as const;

export const EQUINIX_BUYER_ORGANIZATION = "Demo Buyer Org";

/**
 * The seller of the demo profiles (invented). Fabric v4 lets the seller accept or reject connection requests with
 * `POST /fabric/v4/connections/{id}/actions` (docs.equinix.com/fabric/fabric-api/approve-reject-connection);
 * this client signs in at the same token endpoint as the buyer.
 */
export const EQUINIX_SELLER_CREDENTIALS = {
  clientId: "demo-seller-client-id",
  clientSecret: "demo-seller-client-secret",
} as const;

export const EQUINIX_SELLER_USER = {
  userName: "demo-seller",
  fullName: "Demo Seller",
  email: "demo-seller@example.com",
} as const;

export const EQUINIX_SELLER_ORGANIZATION = "Demo Seller Inc";

export type EquinixIdentityId = "buyer" | "seller";

/** Who a token belongs to: a user and its account (the `account` and `changeLog` fields of v4 objects). */
export interface EquinixIdentity {
  id: EquinixIdentityId;
  userName: string;
  fullName: string;
  email: string;
  organizationName: string;
  /** Invented account numbers. */
  accountNumber: number;
  orgId: number;
  globalOrgId: string;
}

export const EQUINIX_IDENTITIES: Readonly<Record<EquinixIdentityId, EquinixIdentity>> = {
  buyer: {
    id: "buyer",
    ...EQUINIX_DEMO_USER,
    organizationName: EQUINIX_BUYER_ORGANIZATION,
    accountNumber: 100101,
    orgId: 200101,
    globalOrgId: "0016u000DEMOBUYER1",
  },
  seller: {
    id: "seller",
    ...EQUINIX_SELLER_USER,
    organizationName: EQUINIX_SELLER_ORGANIZATION,
    accountNumber: 100202,
    orgId: 200202,
    globalOrgId: "0016u000DEMOSELLR2",
  },
};

export type Encapsulation = "Dot1q" | "Qinq";

/** GET /ecx/v3/port/userport item (api-notes §1.6). */
export interface UserPort {
  uuid: string;
  name: string;
  region: string;
  ibx: string;
  metroCode: string;
  devicePriority: "Primary" | "Secondary";
  encapsulation: Encapsulation;
  buyout: boolean;
  /** Bits per second. */
  totalBandwidth: number;
  provisionStatus: "ADDED";
  accountName: string;
}

function siliconValleyPort(
  uuid: string,
  name: string,
  devicePriority: UserPort["devicePriority"],
  encapsulation: Encapsulation,
): UserPort {
  return {
    uuid,
    name,
    region: "AMER",
    ibx: "SV1",
    metroCode: "SV",
    devicePriority,
    encapsulation,
    buyout: false,
    totalBandwidth: 10_000_000_000,
    provisionStatus: "ADDED",
    accountName: EQUINIX_BUYER_ORGANIZATION,
  };
}

export const EQUINIX_SEED_PORTS = {
  /** Seed 001, "Dot1Q to QinQ" sample, primaryPortUUID. */
  dot1qPrimary: siliconValleyPort(
    "7f891d3b-973e-73e0-bae0-30ac1885197a",
    "SV1-DEMO-DOT1Q-PRI",
    "Primary",
    "Dot1q",
  ),
  /** Seed 001, "Dot1Q to QinQ" sample, secondaryPortUUID. */
  dot1qSecondary: siliconValleyPort(
    "7f891d3b-9740-7400-bae0-30ac1885197a",
    "SV1-DEMO-DOT1Q-SEC",
    "Secondary",
    "Dot1q",
  ),
  /** Seed 001, "QinQ to Dot1Q" sample, primaryPortUUID. */
  qinqPrimary: siliconValleyPort(
    "6f891d3b-972d-73d0-bae3-30ac1995197a",
    "SV1-DEMO-QINQ-PRI",
    "Primary",
    "Qinq",
  ),
  /** Seed 001, "QinQ to Dot1Q" sample, secondaryPortUUID. */
  qinqSecondary: siliconValleyPort(
    "7f892d5b-993f-73f0-bae0-32ad1889197a",
    "SV1-DEMO-QINQ-SEC",
    "Secondary",
    "Qinq",
  ),
} as const;

export interface SpeedBand {
  speed: number;
  unit: "MB" | "GB";
}

export interface ProfileMetro {
  code: string;
  name: string;
  ibxs: string[];
  sellerRegions: Record<string, string>;
}

/** GET /ecx/v3/l2/serviceprofiles/{uuid} (api-notes §1.6). */
export interface ServiceProfile {
  uuid: string;
  name: string;
  organizationName: string;
  speedBands: SpeedBand[];
  allowCustomSpeed: boolean;
  requiredRedundancy: boolean;
  tagType: "CTAGED";
  profileEncapsulation: Encapsulation;
  metros: ProfileMetro[];
  authKeyLabel: string;
  connectionNameLabel: string;
  vlanSameAsPrimary: boolean;
  apiAvailable: boolean;
  private: boolean;
}

/** A profile plus how the emulated seller behaves; the extra fields are never served. */
export interface SeedProfile extends ServiceProfile {
  /** True: connections wait in PENDING_APPROVAL for the seller; false: they go straight to PROVISIONING. */
  requiresSellerApproval: boolean;
  /** The seller's ports, which become each connection's zSidePortUUID. */
  zSidePortUUIDs: { primary: string; secondary: string };
}

export function toServiceProfile({
  requiresSellerApproval: _requiresSellerApproval,
  zSidePortUUIDs: _zSidePortUUIDs,
  ...profile
}: SeedProfile): ServiceProfile {
  return profile;
}

const SPEED_BANDS: SpeedBand[] = [
  { speed: 50, unit: "MB" },
  { speed: 100, unit: "MB" },
  { speed: 200, unit: "MB" },
  { speed: 500, unit: "MB" },
  { speed: 1, unit: "GB" },
  { speed: 10, unit: "GB" },
];

const SILICON_VALLEY: ProfileMetro = {
  code: "SV",
  name: "Silicon Valley",
  ibxs: ["SV1", "SV5"],
  sellerRegions: { "us-sv": "US Silicon Valley" },
};

const SEATTLE: ProfileMetro = {
  code: "SE",
  name: "Seattle",
  ibxs: ["SE2"],
  sellerRegions: { "us-se": "US Seattle" },
};

function sellerProfile(
  fields: Pick<
    SeedProfile,
    "uuid" | "name" | "profileEncapsulation" | "requiresSellerApproval" | "zSidePortUUIDs"
  > &
    Partial<SeedProfile>,
): SeedProfile {
  return {
    organizationName: EQUINIX_SELLER_ORGANIZATION,
    speedBands: SPEED_BANDS,
    allowCustomSpeed: false,
    requiredRedundancy: false,
    tagType: "CTAGED",
    metros: [SILICON_VALLEY],
    authKeyLabel: "Authorization Key",
    connectionNameLabel: "Connection Name",
    vlanSameAsPrimary: false,
    apiAvailable: true,
    private: false,
    ...fields,
  };
}

export const EQUINIX_SEED_PROFILES = {
  /** Seed 001, "Dot1Q to Dot1Q" sample. The seller approves each connection (or rejects it). */
  dot1qApproval: sellerProfile({
    uuid: "7a73af1a-3d74-47ac-b778-6bf455d1174e",
    name: "Demo Dot1q Seller (approval)",
    profileEncapsulation: "Dot1q",
    requiresSellerApproval: true,
    zSidePortUUIDs: {
      primary: "16e3ad85-883c-4438-a951-61e604035e9d",
      secondary: "b42a4500-96c7-46c2-8515-3686b587aeef",
    },
  }),
  /** Seed 001, "Dot1Q to QinQ" sample. Seller approval; only redundant pairs are accepted. */
  qinqApproval: sellerProfile({
    uuid: "31b7263f-7e6a-42d0-859e-80a7fd3b9609",
    name: "Demo Qinq Seller (approval)",
    profileEncapsulation: "Qinq",
    requiresSellerApproval: true,
    requiredRedundancy: true,
    zSidePortUUIDs: {
      primary: "d80e3a97-c664-40e3-aa5c-adcc9fdb4d2a",
      secondary: "9f66e0e0-4777-418e-9bf6-4f9482fc3f05",
    },
  }),
  /** Seed 001, "QinQ to Dot1Q" sample. Approved automatically; any speed is allowed. */
  dot1qAuto: sellerProfile({
    uuid: "2a73af1a-3c74-47ac-b778-6bf455d1174e",
    name: "Demo Dot1q Seller (auto)",
    profileEncapsulation: "Dot1q",
    requiresSellerApproval: false,
    allowCustomSpeed: true,
    zSidePortUUIDs: {
      primary: "a106d6c2-bae5-4c28-a89d-9ceceedc77b5",
      secondary: "fdc08b24-47c7-4695-bf3b-2640a17c7a18",
    },
  }),
  /** Seed 001, "QinQ to QinQ" sample (which asks for seller metro SE). Approved automatically. */
  qinqAuto: sellerProfile({
    uuid: "32b7273f-7e7a-43d0-859e-81a7fd3b9609",
    name: "Demo Qinq Seller (auto)",
    profileEncapsulation: "Qinq",
    requiresSellerApproval: false,
    metros: [SILICON_VALLEY, SEATTLE],
    zSidePortUUIDs: {
      primary: "5474f3af-52c3-4940-8684-d26bf5fe93a6",
      secondary: "e82ce85c-9bcf-4ff4-82f7-f8745fe8c948",
    },
  }),
} as const;

export const EQUINIX_PORT_LIST: readonly UserPort[] = Object.values(EQUINIX_SEED_PORTS);
export const EQUINIX_PROFILE_LIST: readonly SeedProfile[] = Object.values(EQUINIX_SEED_PROFILES);
