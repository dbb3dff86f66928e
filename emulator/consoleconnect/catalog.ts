/**
 * The discovery endpoints of api-notes §3 that seeds 002 and 003 walk through: a company's ports (with live
 * capacity), its metro capabilities, metros, and the data-center facility search with a LoopBack filter.
 * Any authenticated caller may read them ("publicly visible").
 */
import type { FastifyInstance } from "fastify";
import type { ConnectionStore } from "./connections";
import { Refusal } from "./connections";
import { MESSAGES } from "./errors";
import { answer } from "./routes";
import {
  CONSOLE_CONNECT_COMPANIES,
  CONSOLE_CONNECT_FACILITY_LIST,
  CONSOLE_CONNECT_METRO_LIST,
  CONSOLE_CONNECT_PORT_LIST,
  SeedCompany,
  SeedFacility,
  SeedMetro,
  SeedPort,
} from "./seed";

/** Which spelling metro capabilities use for the first facility: the 2025 docs' (default) or the 2024 spec's. */
export type MetroFacilityField = "firstDataCenterFacilityIdInMetro" | "firstDataCenterFacilityId";

export interface CatalogContext {
  store: ConnectionStore;
  metroFacilityField: MetroFacilityField;
}

function companyNamed(username: string): SeedCompany {
  const company = CONSOLE_CONNECT_COMPANIES.find((c) => c.username === username);
  if (!company) throw new Refusal(MESSAGES.companyNotFound, 404);
  return company;
}

function metroApi(metro: SeedMetro) {
  return { ...metro, ready: true, deleted: false, canCreateController: false, tags: [] };
}

function facilityApi(facility: SeedFacility) {
  return {
    id: facility.id,
    name: facility.name,
    username: facility.username,
    tags: facility.tags,
    verified: true,
    provider: ["PCCWGLOBAL"],
    company: {
      addresses: [{ address: facility.address, city: facility.city, country: facility.country }],
    },
    dataCenterFacility: {
      metroId: facility.metroId,
      ready: true,
      nniReady: facility.nniReady,
      speeds: [],
      canBundleCrossConnect: false,
    },
  };
}

function portApi(port: SeedPort, store: ConnectionStore) {
  const metro = CONSOLE_CONNECT_METRO_LIST.find((m) => m.id === port.metroId)!;
  const connections = store
    .all()
    .filter((c) => c.srcPort.id === port.id || c.destPort?.id === port.id)
    .map((c) => ({ connection: c, status: store.statusOf(c) }))
    .filter(({ status }) => status !== "DELETED")
    .map(({ connection, status }) => ({
      id: connection.id,
      name: connection.names[port.companyId] ?? connection.names[connection.srcCompany.id],
      status,
      speed: connection.speed,
      type: "LAYER2",
    }));
  return {
    id: port.id,
    name: port.name,
    companyId: port.companyId,
    metroId: port.metroId,
    dataCenterFacilityId: port.dataCenterFacilityId,
    speed: { value: port.speed, name: `${port.speed} Mbps` },
    capacity: store.capacityOf(port),
    vlanRanges: port.vlanRanges,
    status: port.status,
    linkState: port.status === "ACTIVE" ? "UP" : "DOWN",
    type: port.type,
    singleService: false,
    supportedServices: ["L2"],
    paymentType: "invoice",
    deleted: false,
    deletedAt: null,
    connections,
    metro: metroApi(metro),
  };
}

// ---------------------------------------------------------------------------------------------------------
// LoopBack `where`: dotted keys into nested objects (any element of an array matches), equality, `like` with
// `options: "i"`, `inq`/`in`, and `and`/`or`.
// ---------------------------------------------------------------------------------------------------------

function valuesAt(value: unknown, path: string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuesAt(item, path));
  if (path.length === 0) return [value];
  if (!value || typeof value !== "object") return [];
  return valuesAt((value as Record<string, unknown>)[path[0]], path.slice(1));
}

function satisfies(value: unknown, condition: unknown): boolean {
  if (!condition || typeof condition !== "object" || Array.isArray(condition)) return value === condition;
  const c = condition as Record<string, unknown>;
  if (c.like !== undefined)
    return typeof value === "string" && new RegExp(String(c.like), c.options === "i" ? "i" : "").test(value);
  const list = c.inq ?? c.in;
  return Array.isArray(list) && list.includes(value);
}

function matches(document: unknown, where: Record<string, unknown>): boolean {
  return Object.entries(where).every(([key, condition]) => {
    const clauses = (condition ?? []) as Record<string, unknown>[];
    if (key === "and") return clauses.every((w) => matches(document, w));
    if (key === "or") return clauses.some((w) => matches(document, w));
    return valuesAt(document, key.split(".")).some((v) => satisfies(v, condition));
  });
}

function parseFilter(text: string | undefined): {
  where: Record<string, unknown>;
  skip: number;
  limit: number;
} {
  if (text === undefined || text === "") throw new Refusal(MESSAGES.filterRequired);
  let filter: { where?: unknown; skip?: unknown; limit?: unknown };
  try {
    filter = JSON.parse(text);
  } catch {
    throw new Refusal(MESSAGES.filterInvalid);
  }
  if (!filter || typeof filter !== "object") throw new Refusal(MESSAGES.filterInvalid);
  const where =
    filter.where && typeof filter.where === "object" ? (filter.where as Record<string, unknown>) : {};
  const skip = Number.isInteger(filter.skip) ? (filter.skip as number) : 0;
  const limit = Number.isInteger(filter.limit) ? (filter.limit as number) : Infinity;
  return { where, skip, limit };
}

export function registerCatalogRoutes(
  app: FastifyInstance,
  { store, metroFacilityField }: CatalogContext,
): void {
  app.get<{ Params: { company: string } }>("/api/company/:company/ports", (request, reply) =>
    answer(reply, () => {
      const company = companyNamed(request.params.company);
      const ports = CONSOLE_CONNECT_PORT_LIST.filter((p) => p.companyId === company.id);
      return { results: ports.map((p) => portApi(p, store)) };
    }),
  );

  app.get<{ Params: { company: string; portId: string } }>(
    "/api/company/:company/ports/:portId",
    (request, reply) =>
      answer(reply, () => {
        const company = companyNamed(request.params.company);
        const port = CONSOLE_CONNECT_PORT_LIST.find(
          (p) => p.id === request.params.portId && p.companyId === company.id,
        );
        if (!port) throw new Refusal(MESSAGES.portNotFound, 404);
        return portApi(port, store);
      }),
  );

  app.get<{ Params: { company: string } }>("/api/company/:company/metro/capabilities", (request, reply) =>
    answer(reply, () => {
      const company = companyNamed(request.params.company);
      const ports = CONSOLE_CONNECT_PORT_LIST.filter(
        (p) => p.companyId === company.id && p.status === "ACTIVE",
      );
      const results = CONSOLE_CONNECT_METRO_LIST.flatMap((metro) => {
        const first = ports.find((p) => p.metroId === metro.id);
        if (!first) return [];
        return [
          {
            ...metroApi(metro),
            capabilities: { layer2: true },
            [metroFacilityField]: first.dataCenterFacilityId,
          },
        ];
      });
      return { results };
    }),
  );

  app.get<{ Params: { metroId: string } }>("/api/metro/:metroId", (request, reply) =>
    answer(reply, () => {
      const metro = CONSOLE_CONNECT_METRO_LIST.find((m) => m.id === request.params.metroId);
      if (!metro) throw new Refusal(MESSAGES.metroNotFound, 404);
      return metroApi(metro);
    }),
  );

  app.get<{ Querystring: { filter?: string } }>("/v2/data-center-facility", (request, reply) =>
    answer(reply, () => {
      const { where, skip, limit } = parseFilter(request.query.filter);
      const found = CONSOLE_CONNECT_FACILITY_LIST.map(facilityApi).filter((f) => matches(f, where));
      return found.slice(skip, skip + limit);
    }),
  );

  app.get<{ Params: { id: string } }>("/v2/data-center-facility/:id", (request, reply) =>
    answer(reply, () => {
      const facility = CONSOLE_CONNECT_FACILITY_LIST.find((f) => f.id === request.params.id);
      if (!facility) throw new Refusal(MESSAGES.facilityNotFound, 404);
      return facilityApi(facility);
    }),
  );
}
