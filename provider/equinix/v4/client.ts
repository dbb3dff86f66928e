/**
 * Equinix Fabric v4 calls (`/fabric/v4/…`), on the same authenticated HTTP client as the v3 calls (one OAuth2
 * token per process; see ../client.ts). Every answer is parsed at the boundary.
 */
import { parseAnswer } from "../../core/answers";
import { ApiError } from "../../core/errors";
import { EquinixClient, VENDOR } from "../client";
import {
  Connection,
  ConnectionPostRequest,
  PatchOperation,
  Port,
  SearchExpression,
  ServiceProfile,
  connectionAnswer,
  portAnswer,
  portsAnswer,
  searchAnswer,
  serviceProfileAnswer,
  serviceProfilesAnswer,
} from "./types";

const CONNECTIONS = "/fabric/v4/connections";
/** The search API's largest page (request `limit` 1–100). */
const SEARCH_PAGE = 100;

/** The v4 codes that mean the connection does not exist for this account (a bad id, or one of another account). */
const NOT_FOUND_CODES = ["EQ-3142519", "EQ-3045811"];
/** DELETE of a connection that is already deleted. */
export const ALREADY_DELETED = "EQ-3142509";

const path = (uuid: string) => `${CONNECTIONS}/${encodeURIComponent(uuid)}`;

export class FabricV4 {
  constructor(readonly client: EquinixClient = new EquinixClient()) {}

  private get http() {
    return this.client.http;
  }

  /** POST /fabric/v4/connections: never re-sent blindly (see `createOnce`). */
  async createConnection(body: ConnectionPostRequest): Promise<Connection> {
    const answer = await this.http.post(CONNECTIONS, body, { idempotent: false });
    return parseAnswer(VENDOR, `POST ${CONNECTIONS}`, connectionAnswer, answer.data);
  }

  /** The connection, or undefined when the API says it does not exist (deprovisioned ones stay readable). */
  async getConnection(uuid: string): Promise<Connection | undefined> {
    try {
      const answer = await this.http.get(path(uuid));
      return parseAnswer(VENDOR, `GET ${path(uuid)}`, connectionAnswer, answer.data);
    } catch (e) {
      if (e instanceof ApiError && (e.status === 404 || NOT_FOUND_CODES.some((c) => e.hasCode(c))))
        return undefined;
      throw e;
    }
  }

  /** One JSON-patch operation (as terraform sends them: one per request), answered 202 with the change. */
  async patchConnection(uuid: string, operation: PatchOperation): Promise<Connection> {
    const answer = await this.http.patch(path(uuid), [operation], {
      contentType: "application/json-patch+json",
      idempotent: true,
    });
    return parseAnswer(VENDOR, `PATCH ${path(uuid)}`, connectionAnswer, answer.data);
  }

  /** Deletes a connection; false when it was already deleted (EQ-3142509) or does not exist. */
  async deleteConnection(uuid: string): Promise<boolean> {
    try {
      await this.http.delete(path(uuid));
      return true;
    } catch (e) {
      if (
        e instanceof ApiError &&
        (e.status === 404 || [ALREADY_DELETED, ...NOT_FOUND_CODES].some((c) => e.hasCode(c)))
      )
        return false;
      throw e;
    }
  }

  /**
   * Connections matching a filter (POST /fabric/v4/connections/search), every page up to `max`. Used with
   * narrow filters only — by name, by uuid, by redundancy group — never to list the whole account.
   */
  async searchConnections(filter: SearchExpression, max = 500): Promise<Connection[]> {
    const found: Connection[] = [];
    for (let offset = 0; offset < max; offset += SEARCH_PAGE) {
      const answer = await this.http.post(
        `${CONNECTIONS}/search`,
        {
          filter,
          pagination: { offset, limit: SEARCH_PAGE },
          sort: [{ property: "/changeLog/updatedDateTime", direction: "DESC" }],
        },
        // A search changes nothing: it may be retried like a read.
        { idempotent: true },
      );
      const page = parseAnswer(VENDOR, `POST ${CONNECTIONS}/search`, searchAnswer, answer.data);
      found.push(...page.data);
      const total = page.pagination?.total ?? found.length;
      if (page.data.length < SEARCH_PAGE || found.length >= total) break;
    }
    return found;
  }

  async getPort(uuid: string): Promise<Port> {
    const call = `/fabric/v4/ports/${encodeURIComponent(uuid)}`;
    return parseAnswer(VENDOR, `GET ${call}`, portAnswer, (await this.http.get(call)).data);
  }

  /** The account's ports; with `name`, the API filters by name. */
  async getPorts(name?: string): Promise<Port[]> {
    const answer = await this.http.get("/fabric/v4/ports", { query: { name } });
    return parseAnswer(VENDOR, "GET /fabric/v4/ports", portsAnswer, answer.data).data;
  }

  async getServiceProfile(uuid: string): Promise<ServiceProfile> {
    const call = `/fabric/v4/serviceProfiles/${encodeURIComponent(uuid)}`;
    return parseAnswer(VENDOR, `GET ${call}`, serviceProfileAnswer, (await this.http.get(call)).data);
  }

  /** Service profiles by exact name (POST /fabric/v4/serviceProfiles/search: `=` is its only operator). */
  async searchServiceProfiles(name: string): Promise<ServiceProfile[]> {
    const answer = await this.http.post(
      "/fabric/v4/serviceProfiles/search",
      { filter: { property: "/name", operator: "=", values: [name] }, pagination: { offset: 0, limit: 20 } },
      { idempotent: true },
    );
    return parseAnswer(VENDOR, "POST /fabric/v4/serviceProfiles/search", serviceProfilesAnswer, answer.data)
      .data;
  }
}
