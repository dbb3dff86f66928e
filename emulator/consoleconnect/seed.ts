/**
 * The emulated Console Connect world: your company (with a demo API key), a partner company, `oracle`, their
 * ports, and the metros, regions and data-center facilities they sit in. Deterministic and exported so that
 * tests and examples use the same ids.
 *
 * Ids come from seed 002 where it gives them: the port "My-Port-1", the Hong Kong metro, its APAC region and its
 * first facility (which is where Oracle's Hong Kong port sits, so Oracle's metro capabilities answer exactly as
 * in seed 002). The other ids are made up, in the API's 24-hex form.
 */

export type Role = "NETWORKCONTROL" | "NETWORKVIEW";

export interface SeedUser {
  id: string;
  email: string;
  name: string;
  /** The API key Console Connect Support issued to this user. */
  apiKey: string;
  /** For the deprecated portal-token login (PUT /api/auth/token). */
  password: string;
  role: Role;
}

export interface SeedCompany {
  id: string;
  username: string;
  name: string;
  users: readonly SeedUser[];
}

export interface SeedRegion {
  id: string;
  name: string;
}

export interface SeedMetro {
  id: string;
  name: string;
  code: string;
  country: string;
  regionIds: readonly string[];
}

export interface SeedFacility {
  id: string;
  /** DCFs are companies on Console Connect, with a username. */
  username: string;
  name: string;
  metroId: string;
  city: string;
  country: string;
  address: string;
  tags: readonly string[];
  nniReady: boolean;
}

export interface SeedPort {
  id: string;
  name: string;
  companyId: string;
  metroId: string;
  dataCenterFacilityId: string;
  /** Mbps; also the port's capacity.total. */
  speed: number;
  /** Bandwidth used by services outside the emulator, counted in capacity.utilised. */
  preUtilisedMbps: number;
  vlanRanges: readonly { start: number; end: number }[];
  status: "ACTIVE" | "DISABLED";
  type: "PHYSICAL" | "NNI";
}

export const CONSOLE_CONNECT_REGIONS = {
  apac: { id: "5c05cb06cad910000ae251f4", name: "APAC" },
  emea: { id: "5c05cb06cad910000ae251f5", name: "EMEA" },
} as const satisfies Record<string, SeedRegion>;

export const CONSOLE_CONNECT_METROS = {
  hongKong: {
    id: "77d9f1fbbcaa906f3cddb6d1",
    name: "Hong Kong",
    code: "HKG",
    country: "hk",
    regionIds: [CONSOLE_CONNECT_REGIONS.apac.id],
  },
  singapore: {
    id: "77d9f1fbbcaa906f3cddb6d2",
    name: "Singapore",
    code: "SIN",
    country: "sg",
    regionIds: [CONSOLE_CONNECT_REGIONS.apac.id],
  },
  london: {
    id: "77d9f1fbbcaa906f3cddb6d3",
    name: "London",
    code: "LON",
    country: "gb",
    regionIds: [CONSOLE_CONNECT_REGIONS.emea.id],
  },
} as const satisfies Record<string, SeedMetro>;

export const CONSOLE_CONNECT_FACILITIES = {
  /** Seed 002's destDcf (firstDataCenterFacilityIdInMetro of Hong Kong); seed 003's first DCF search result. */
  hkg39: {
    id: "5aa89b04ac86ba0012345bdf",
    username: "hkg05",
    name: "hkg39-Asia-HK-APAC",
    metroId: CONSOLE_CONNECT_METROS.hongKong.id,
    city: "Hong Kong",
    country: "HK",
    address: "",
    tags: ["offnet", "monthly-ports"],
    nniReady: true,
  },
  megaIAdvantage: {
    id: "5aa89b04ac86ba0012345be0",
    username: "sample1",
    name: "Mega-iAdvantage",
    metroId: CONSOLE_CONNECT_METROS.hongKong.id,
    city: "Hong Kong",
    country: "HK",
    address: "Mega-iAdvantage, 399 Chai Wan Road",
    tags: ["free-cross-connect", "free"],
    nniReady: true,
  },
  sin10: {
    id: "5aa89b04ac86ba0012345be1",
    username: "sin10",
    name: "sin10-Asia-SG-APAC",
    metroId: CONSOLE_CONNECT_METROS.singapore.id,
    city: "Singapore",
    country: "SG",
    address: "20 Ayer Rajah Crescent",
    tags: ["monthly-ports"],
    nniReady: true,
  },
  lon04: {
    id: "5aa89b04ac86ba0012345be2",
    username: "lon04",
    name: "lon04-Europe-UK-EMEA",
    metroId: CONSOLE_CONNECT_METROS.london.id,
    city: "London",
    country: "GB",
    address: "Coriander Avenue",
    tags: [],
    nniReady: false,
  },
} as const satisfies Record<string, SeedFacility>;

/** Your company: the one the demo API key belongs to. */
export const CONSOLE_CONNECT_DEMO_COMPANY = {
  id: "5d4d056242fbd3000ab4c01d",
  username: "acme-networks",
  name: "Acme Networks",
  users: [
    {
      id: "5d4d056242fbd3000ab4c0a1",
      email: "netops@acme.example",
      name: "Acme Network Admin",
      apiKey: "cc-demo-key-acme-networks-admin",
      password: "acme-demo-password",
      role: "NETWORKCONTROL",
    },
    {
      id: "5d4d056242fbd3000ab4c0a2",
      email: "viewer@acme.example",
      name: "Acme Network Viewer",
      apiKey: "cc-demo-key-acme-networks-viewer",
      password: "acme-viewer-password",
      role: "NETWORKVIEW",
    },
  ],
} as const satisfies SeedCompany;

/** The company on the other end of company-to-company connections; it approves with its own key. */
export const CONSOLE_CONNECT_PARTNER_COMPANY = {
  id: "61f0a1b2c3d4e5f60718a001",
  username: "globex-cloud",
  name: "Globex Cloud",
  users: [
    {
      id: "61f0a1b2c3d4e5f60718a0a1",
      email: "noc@globex.example",
      name: "Globex NOC",
      apiKey: "cc-demo-key-globex-cloud-admin",
      password: "globex-demo-password",
      role: "NETWORKCONTROL",
    },
  ],
} as const satisfies SeedCompany;

/** Oracle FastConnect's company (seed 002). Its "user" stands for Console Connect Support, who act for Oracle. */
export const CONSOLE_CONNECT_ORACLE_COMPANY = {
  id: "5b7c9d0e1f2a3b4c5d6e0001",
  username: "oracle",
  name: "Oracle Cloud Infrastructure FastConnect",
  users: [
    {
      id: "5b7c9d0e1f2a3b4c5d6e00a1",
      email: "support@consoleconnect.com",
      name: "Console Connect Support (for Oracle)",
      apiKey: "cc-demo-key-oracle-support",
      password: "oracle-support-password",
      role: "NETWORKCONTROL",
    },
  ],
} as const satisfies SeedCompany;

export const CONSOLE_CONNECT_COMPANIES: readonly SeedCompany[] = [
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_PARTNER_COMPANY,
  CONSOLE_CONNECT_ORACLE_COMPANY,
];

/** The demo API key (your company's Network Admin): what CONSOLE_CONNECT_API_KEY is set to against the emulator. */
export const CONSOLE_CONNECT_DEMO_API_KEY = CONSOLE_CONNECT_DEMO_COMPANY.users[0].apiKey;
/** Your company's read-only user (Network Viewer): writes answer 400 "You are not authorized to do that.". */
export const CONSOLE_CONNECT_VIEWER_API_KEY = CONSOLE_CONNECT_DEMO_COMPANY.users[1].apiKey;
export const CONSOLE_CONNECT_PARTNER_API_KEY = CONSOLE_CONNECT_PARTNER_COMPANY.users[0].apiKey;
export const CONSOLE_CONNECT_ORACLE_API_KEY = CONSOLE_CONNECT_ORACLE_COMPANY.users[0].apiKey;

const { hongKong, singapore, london } = CONSOLE_CONNECT_METROS;
const { hkg39, megaIAdvantage, sin10, lon04 } = CONSOLE_CONNECT_FACILITIES;

export const CONSOLE_CONNECT_SEED_PORTS = {
  /** Seed 002's port; 365 Mbps already used by services outside the emulator, as in seed 003's port. */
  demoHongKong: {
    id: "66c29b3c6dcad34e5b728c9c",
    name: "My-Port-1",
    companyId: CONSOLE_CONNECT_DEMO_COMPANY.id,
    metroId: hongKong.id,
    dataCenterFacilityId: hkg39.id,
    speed: 1000,
    preUtilisedMbps: 365,
    vlanRanges: [{ start: 1000, end: 1010 }],
    status: "ACTIVE",
    type: "PHYSICAL",
  },
  demoSingapore: {
    id: "66c29b3c6dcad34e5b728c9d",
    name: "My-Port-2",
    companyId: CONSOLE_CONNECT_DEMO_COMPANY.id,
    metroId: singapore.id,
    dataCenterFacilityId: sin10.id,
    speed: 1000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 2000, end: 2099 }],
    status: "ACTIVE",
    type: "PHYSICAL",
  },
  /**
   * Invented: a large pair of ports (100 Gbps, VLANs 100–4000) for loads of many connections at once (the
   * benchmarks and the rate-limit tests), which My-Port-1's eleven VLANs cannot take.
   */
  demoHongKongLarge: {
    id: "66c29b3c6dcad34e5b728ca1",
    name: "My-Port-Large-HK",
    companyId: CONSOLE_CONNECT_DEMO_COMPANY.id,
    metroId: hongKong.id,
    dataCenterFacilityId: hkg39.id,
    speed: 100000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 100, end: 4000 }],
    status: "ACTIVE",
    type: "PHYSICAL",
  },
  demoSingaporeLarge: {
    id: "66c29b3c6dcad34e5b728ca2",
    name: "My-Port-Large-SG",
    companyId: CONSOLE_CONNECT_DEMO_COMPANY.id,
    metroId: singapore.id,
    dataCenterFacilityId: sin10.id,
    speed: 100000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 100, end: 4000 }],
    status: "ACTIVE",
    type: "PHYSICAL",
  },
  /** A port that is not ACTIVE: "Cannot find an ACTIVE source port". */
  demoLondonDisabled: {
    id: "66c29b3c6dcad34e5b728c9e",
    name: "My-Port-3",
    companyId: CONSOLE_CONNECT_DEMO_COMPANY.id,
    metroId: london.id,
    dataCenterFacilityId: lon04.id,
    speed: 1000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 100, end: 199 }],
    status: "DISABLED",
    type: "PHYSICAL",
  },
  partnerHongKong: {
    id: "61f0a1b2c3d4e5f60718b001",
    name: "GLOBEX-HKG-01",
    companyId: CONSOLE_CONNECT_PARTNER_COMPANY.id,
    metroId: hongKong.id,
    dataCenterFacilityId: megaIAdvantage.id,
    speed: 10000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 3000, end: 3999 }],
    status: "ACTIVE",
    type: "PHYSICAL",
  },
  partnerLondon: {
    id: "61f0a1b2c3d4e5f60718b002",
    name: "GLOBEX-LON-01",
    companyId: CONSOLE_CONNECT_PARTNER_COMPANY.id,
    metroId: london.id,
    dataCenterFacilityId: lon04.id,
    speed: 1000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 3000, end: 3999 }],
    status: "ACTIVE",
    type: "PHYSICAL",
  },
  oracleHongKong: {
    id: "5b7c9d0e1f2a3b4c5d6eb001",
    name: "ORACLE-FASTCONNECT-HKG",
    companyId: CONSOLE_CONNECT_ORACLE_COMPANY.id,
    metroId: hongKong.id,
    dataCenterFacilityId: hkg39.id,
    speed: 100000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 100, end: 4000 }],
    status: "ACTIVE",
    type: "NNI",
  },
  oracleSingapore: {
    id: "5b7c9d0e1f2a3b4c5d6eb002",
    name: "ORACLE-FASTCONNECT-SIN",
    companyId: CONSOLE_CONNECT_ORACLE_COMPANY.id,
    metroId: singapore.id,
    dataCenterFacilityId: sin10.id,
    speed: 100000,
    preUtilisedMbps: 0,
    vlanRanges: [{ start: 100, end: 4000 }],
    status: "ACTIVE",
    type: "NNI",
  },
} as const satisfies Record<string, SeedPort>;

export const CONSOLE_CONNECT_PORT_LIST: readonly SeedPort[] = Object.values(CONSOLE_CONNECT_SEED_PORTS);
export const CONSOLE_CONNECT_METRO_LIST: readonly SeedMetro[] = Object.values(CONSOLE_CONNECT_METROS);
export const CONSOLE_CONNECT_FACILITY_LIST: readonly SeedFacility[] =
  Object.values(CONSOLE_CONNECT_FACILITIES);
