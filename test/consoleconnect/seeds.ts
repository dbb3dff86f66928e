/**
 * The create requests of seeds 002 and 003, copied field for field, with the seeds' "xxxx…" placeholders and
 * <COMPANY_USERNAME> replaced by the emulator's ids (seed 002's own ids are the emulator's already). The inputs
 * that produce each request come after.
 */
import {
  CONSOLE_CONNECT_DEMO_COMPANY,
  CONSOLE_CONNECT_FACILITIES,
  CONSOLE_CONNECT_METROS,
  CONSOLE_CONNECT_PARTNER_COMPANY,
  CONSOLE_CONNECT_SEED_PORTS,
} from "../../emulator/consoleconnect";

const ME = CONSOLE_CONNECT_DEMO_COMPANY.username;
const PORTS = CONSOLE_CONNECT_SEED_PORTS;
const { hongKong, singapore } = CONSOLE_CONNECT_METROS;

/** How all three samples end, in their order. */
const TERMS = {
  duration: 1,
  durationUnit: "m",
  paymentType: "invoice",
  classOfService: "SILVER",
  speed: 100,
  type: "LAYER2",
  evergreen: true,
} as const;

export const SEED_REQUESTS = {
  /** Seed 003, I.II "Creating S2S (Self to Self) Connectivity request". */
  portToPort: {
    name: "DEMO-L2-S2S",
    portId: PORTS.demoHongKong.id,
    destPortId: PORTS.demoSingapore.id,
    destCompany: ME,
    destMetroId: singapore.id,
    ...TERMS,
  },
  /** Seed 003, II.IV "Creating B2B (Business to Business) Connectivity Request". */
  companyToCompany: {
    name: "DEMO-L2-B2B-for-docs",
    portId: PORTS.demoHongKong.id,
    destCompany: CONSOLE_CONNECT_PARTNER_COMPANY.username,
    destDcf: CONSOLE_CONNECT_FACILITIES.megaIAdvantage.id,
    destMetroId: hongKong.id,
    destRegionId: hongKong.regionIds[0],
    ...TERMS,
  },
  /** Seed 002: the B2B request to `oracle`, with destMetroId and destDcf from Oracle's metro capabilities. */
  oracle: {
    name: "DEMO-L2-ORACLE",
    portId: "66c29b3c6dcad34e5b728c9c",
    destCompany: "oracle",
    destDcf: "5aa89b04ac86ba0012345bdf",
    destMetroId: "77d9f1fbbcaa906f3cddb6d1",
    ...TERMS,
  },
} as const;

/** The resource inputs for each seed request: the same fields, without `type`. */
export const SEED_INPUTS = Object.fromEntries(
  Object.entries(SEED_REQUESTS).map(([key, { type: _type, ...inputs }]) => [key, inputs]),
) as { [K in keyof typeof SEED_REQUESTS]: Record<string, unknown> };
