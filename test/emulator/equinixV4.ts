/** Helpers of the Fabric v4 emulator tests: one emulator per file, buyer and seller clients, request bodies. */
import axios, { AxiosInstance, AxiosResponse } from "axios";
import { expect } from "vitest";
import {
  EQUINIX_DEMO_CREDENTIALS,
  EQUINIX_SEED_PORTS,
  EQUINIX_SELLER_CREDENTIALS,
  FABRIC_V4_PROFILES,
  RunningEquinixEmulator,
} from "../../emulator/equinix";

export const PROVISIONING_MS = 60_000;
export const DEPROVISIONING_MS = 60_000;
export const UPDATE_MS = 10_000;

/** The timings every v4 test emulator starts with: long, so that tests move the clock explicitly. */
export const TEST_TIMINGS = {
  provisioningMs: PROVISIONING_MS,
  deprovisioningMs: DEPROVISIONING_MS,
  updateMs: UPDATE_MS,
} as const;

export const { dot1qPrimary, dot1qSecondary, qinqPrimary, qinqSecondary } = EQUINIX_SEED_PORTS;
export const { generic, bandwidthApproval, aws, azure, googleZone1, googleZone2 } = FABRIC_V4_PROFILES;

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export type V4ErrorBody = {
  errorCode: string;
  errorMessage: string;
  correlationId: string;
  details?: string;
  additionalInfo?: { property?: string; reason?: string }[];
}[];

/** A connection body: DOT1Q primary port, tag 100, generic profile; tests override what they exercise. */
export function connectionBody(overrides: Record<string, unknown> = {}) {
  return {
    type: "EVPL_VC",
    name: "v4-test",
    bandwidth: 50,
    notifications: [{ type: "ALL", emails: ["noc@example.com"] }],
    order: { purchaseOrderNumber: "PO-1" },
    aSide: {
      accessPoint: {
        type: "COLO",
        port: { uuid: dot1qPrimary.uuid },
        linkProtocol: { type: "DOT1Q", vlanTag: 100 },
      },
    },
    zSide: {
      accessPoint: {
        type: "SP",
        profile: { type: "L2_PROFILE", uuid: generic.uuid },
        location: { metroCode: "SV" },
      },
    },
    ...overrides,
  };
}

/** The body with another a-side (port, link protocol) and/or z-side access point fields. */
export function withSides(
  aSide: { port?: string; linkProtocol?: object },
  zSide: Record<string, unknown>,
  overrides: Record<string, unknown> = {},
) {
  const base = connectionBody();
  return {
    ...base,
    aSide: {
      accessPoint: {
        ...base.aSide.accessPoint,
        ...(aSide.port ? { port: { uuid: aSide.port } } : {}),
        ...(aSide.linkProtocol ? { linkProtocol: aSide.linkProtocol } : {}),
      },
    },
    zSide: { accessPoint: { ...base.zSide.accessPoint, ...zSide } },
    ...overrides,
  };
}

export const profileRef = (uuid: string) => ({ profile: { type: "L2_PROFILE", uuid } });
export const dot1q = (vlanTag: number) => ({ type: "DOT1Q", vlanTag });

export class V4Harness {
  /** No credentials: control endpoints and token requests. */
  http!: AxiosInstance;
  buyer!: AxiosInstance;
  seller!: AxiosInstance;

  constructor(public server: RunningEquinixEmulator) {
    this.http = axios.create({ baseURL: server.url, validateStatus: () => true });
  }

  async client(credentials: { clientId: string; clientSecret: string }): Promise<AxiosInstance> {
    const token = (
      await this.http.post("/oauth2/v1/token", {
        grant_type: "client_credentials",
        client_id: credentials.clientId,
        client_secret: credentials.clientSecret,
      })
    ).data.access_token;
    return axios.create({
      baseURL: this.server.url,
      validateStatus: () => true,
      headers: { Authorization: `Bearer ${token}` },
    });
  }

  /** Back to the seed (settings included) with fresh clients. */
  async reset(): Promise<void> {
    expect((await this.http.post("/__emulator/reset")).status).toBe(204);
    this.buyer = await this.client(EQUINIX_DEMO_CREDENTIALS);
    this.seller = await this.client(EQUINIX_SELLER_CREDENTIALS);
  }

  advance = async (ms: number) => this.http.post("/__emulator/clock/advance", { ms });
  settings = async (patch: object) => {
    const response = await this.http.patch("/__emulator/equinix/v4/settings", patch);
    expect(response.status, JSON.stringify(response.data)).toBe(200);
    return response.data;
  };
  controlList = async () => (await this.http.get("/__emulator/equinix/v4/connections")).data;

  async create(body: object, client: AxiosInstance = this.buyer) {
    const response = await client.post("/fabric/v4/connections", body);
    expect(response.status, JSON.stringify(response.data)).toBe(201);
    return response.data;
  }

  async get(uuid: string, client: AxiosInstance = this.buyer) {
    const response = await client.get(`/fabric/v4/connections/${uuid}`);
    expect(response.status, JSON.stringify(response.data)).toBe(200);
    return response.data;
  }

  async statusOf(uuid: string) {
    const { state, operation } = await this.get(uuid);
    return `${state}/${operation.equinixStatus}/${operation.providerStatus}`;
  }

  /** The 400 errors of a create that must store nothing. */
  async createErrors(body: object, status = 400): Promise<V4ErrorBody> {
    const response = await this.buyer.post("/fabric/v4/connections", body);
    expectErrors(response, status);
    expect(await this.controlList()).toEqual([]);
    return response.data;
  }

  action(uuid: string, body: object, client: AxiosInstance = this.seller) {
    return client.post(`/fabric/v4/connections/${uuid}/actions`, body);
  }

  patch(uuid: string, ops: object, contentType = "application/json-patch+json") {
    return this.buyer.patch(`/fabric/v4/connections/${uuid}`, ops, {
      headers: { "Content-Type": contentType },
    });
  }

  /** A connection on a profile without seller approval, PROVISIONED. */
  async provisioned(body: object) {
    const created = await this.create(body);
    await this.advance(PROVISIONING_MS);
    expect((await this.get(created.uuid)).state).toBe("PROVISIONED");
    return created;
  }
}

/** Asserts a v4 error answer: an array, each error with code, message, correlationId and a named property. */
export function expectErrors(response: AxiosResponse, status: number): V4ErrorBody {
  expect(response.status, JSON.stringify(response.data)).toBe(status);
  expect(Array.isArray(response.data), JSON.stringify(response.data)).toBe(true);
  for (const error of response.data) {
    expect(error.errorCode).toMatch(/^(EQ-\d{7}|EMULATOR-[A-Z0-9-]+)$/);
    expect(typeof error.errorMessage).toBe("string");
    expect(typeof error.correlationId).toBe("string");
  }
  return response.data;
}

/** [errorCode, property] pairs of an error answer. */
export function codesAndProperties(errors: V4ErrorBody): [string, string | undefined][] {
  return errors.map((error) => [error.errorCode, error.additionalInfo?.[0]?.property]);
}
