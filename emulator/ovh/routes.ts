/**
 * The emulated API routes under /1.0 (OVH's API schemas of /ovhCloudConnect and /vrack), all behind the signature
 * check. List routes answer with and without a trailing slash (terraform-provider-ovh's data sources add one).
 * Creates and deletes answer with a task. Rules no source documents are labelled `Invented:` and can be switched
 * off (switches.ts).
 */
import type { FastifyInstance, FastifyReply, RouteHandlerMethod, preParsingAsyncHookHandler } from "fastify";
import type { Clock } from "../core";
import { API_PREFIX } from "./auth";
import { sendOvhError } from "./errors";
import { OVH_SEED_OTHER_VRACK, OVH_SEED_VRACK, SeedDatacenter, SeedInterface } from "./seed";
import {
  ConfigKind,
  OccTaskRecord,
  OvhStore,
  ServiceState,
  StoredDatacenter,
  StoredExtra,
  StoredPop,
  VrackTaskRecord,
} from "./store";
import type { OvhSwitches } from "./switches";
import { BodyReader, checkCustomerAddress, longParam } from "./validation";

export interface ApiContext {
  store: OvhStore;
  clock: Clock;
  switches: OvhSwitches;
  /** The datacenters every service reaches: the seed's, and the invented load ones when asked for. */
  datacenters: readonly SeedDatacenter[];
}

const OCC = `${API_PREFIX}/ovhCloudConnect/:sn`;
const POPS = `${OCC}/config/pop`;
const DATACENTERS = `${POPS}/:popId/datacenter`;
const EXTRAS = `${DATACENTERS}/:datacenterId/extra`;
const VRACK = `${API_PREFIX}/vrack/:vrack`;
const VRACKS = [OVH_SEED_VRACK, OVH_SEED_OTHER_VRACK];

/** The largest datacenter subnet prefix the API accepts (a /28 at least). */
const MAX_DATACENTER_PREFIX = 28;
const MAX_BGP_SESSIONS = 4;

type Params = { sn: string; popId?: string; datacenterId?: string; extraId?: string; id?: string };

/** GET on a list route, with and without the trailing slash. */
function list(scope: FastifyInstance, path: string, handler: RouteHandlerMethod): void {
  scope.get(path, handler);
  scope.get(`${path}/`, handler);
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

// ---------------------------------------------------------------------------------------------------------
// What the API answers
// ---------------------------------------------------------------------------------------------------------

function serviceView(state: ServiceState) {
  const { seed } = state;
  return {
    uuid: seed.uuid,
    status: "active",
    bandwidth: seed.bandwidth,
    portQuantity: seed.portQuantity,
    provider: seed.provider,
    pop: seed.pop,
    product: "ovhcloudconnect",
    description: seed.description,
    interfaceList: seed.interfaces.map((i) => i.id),
    vrack: state.vrack,
    iam: {
      id: seed.uuid,
      urn: `urn:v1:eu:resource:ovhCloudConnect:${seed.uuid}`,
      displayName: seed.description,
    },
  };
}

/** Light status is refreshed every 5 minutes, so its time moves in 5-minute steps. */
function interfaceView(item: SeedInterface, now: number) {
  const refreshed = iso(now - (now % 300_000));
  return {
    id: item.id,
    status: "enabled",
    incomingLightStatus: "up",
    outgoingLightStatus: "up",
    interfaceStatus: "up",
    incomingLightValue: item.incomingLightValue,
    outgoingLightValue: item.outgoingLightValue,
    lightLastUpdate: refreshed,
    interfaceStatusLastUpdate: refreshed,
    interfaceName: item.interfaceName,
    deviceDisplayName: item.deviceDisplayName,
    deviceRackDisplayName: null,
    interfaceTerminationType: "LC/PC",
  };
}

function popView({ serviceName: _sn, ...pop }: StoredPop) {
  return pop;
}

function datacenterView({ vrack: _vrack, ...datacenter }: StoredDatacenter) {
  return datacenter;
}

function extraView({ datacenterConfigId: _dc, ...extra }: StoredExtra) {
  return extra;
}

function occTaskView(store: OvhStore, task: OccTaskRecord) {
  return {
    id: task.id,
    function: task.function,
    status: store.occTaskStatus(task),
    resourceId: task.resourceId,
  };
}

function vrackTaskView(store: OvhStore, task: VrackTaskRecord) {
  return {
    id: task.id,
    function: task.function,
    status: store.vrackTaskStatus(task),
    serviceName: task.vrack,
    targetDomain: task.targetDomain,
    orderId: null,
    lastUpdate: iso(task.createdAt),
    todoDate: iso(task.createdAt),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Path resolution: the service, then each configuration level; a 404 in OVH's words when one is missing
// ---------------------------------------------------------------------------------------------------------

interface Resolved {
  service: ServiceState;
  pop: StoredPop;
  datacenter: StoredDatacenter;
  extra: StoredExtra;
}

function resolve(store: OvhStore, params: Params, reply: FastifyReply): Partial<Resolved> | undefined {
  const service = store.services.get(params.sn);
  if (!service) {
    sendOvhError(reply, 404, "This service does not exist");
    return undefined;
  }
  const missing = (name: string, text: string) => {
    sendOvhError(reply, 404, `The requested object (${name} = ${text}) does not exist`);
    return undefined;
  };
  const found: Partial<Resolved> = { service };
  const level = <T>(name: string, text: string | undefined, lookup: (id: number) => T | undefined) => {
    if (text === undefined) return true;
    const id = longParam(text);
    const object = id === undefined ? undefined : lookup(id);
    return object === undefined ? missing(name, text) : object;
  };
  const pop = level("popId", params.popId, (id) => store.popOf(params.sn, id));
  if (!pop) return undefined;
  if (pop !== true) found.pop = pop;
  const datacenter = level("datacenterId", params.datacenterId, (id) =>
    store.datacenterOf(params.sn, found.pop!.id, id),
  );
  if (!datacenter) return undefined;
  if (datacenter !== true) found.datacenter = datacenter;
  const extra = level("extraId", params.extraId, (id) =>
    store.extrasOf(found.datacenter!.id).find((e) => e.id === id),
  );
  if (!extra) return undefined;
  if (extra !== true) found.extra = extra;
  return found;
}

function cidrText(cidr: { address: string; prefix: number } | null): string | null {
  return cidr ? `${cidr.address}/${cidr.prefix}` : null;
}

// ---------------------------------------------------------------------------------------------------------
// OVHcloud Connect
// ---------------------------------------------------------------------------------------------------------

function registerServiceRoutes(scope: FastifyInstance, { store, clock, datacenters }: ApiContext): void {
  list(scope, `${API_PREFIX}/ovhCloudConnect`, async () => [...store.services.keys()]);
  scope.get<{ Params: Params }>(OCC, async (request, reply) => {
    const found = resolve(store, request.params, reply);
    return found ? serviceView(found.service!) : reply;
  });

  list(scope, `${OCC}/interface`, async (request, reply) => {
    const found = resolve(store, request.params as Params, reply);
    return found ? found.service!.seed.interfaces.map((i) => i.id) : reply;
  });
  scope.get<{ Params: Params }>(`${OCC}/interface/:id`, async (request, reply) => {
    const found = resolve(store, request.params, reply);
    const item = found?.service!.seed.interfaces.find((i) => i.id === longParam(request.params.id!));
    if (found && !item)
      return sendOvhError(reply, 404, `The requested object (id = ${request.params.id}) does not exist`);
    return item ? interfaceView(item, clock.now()) : reply;
  });

  list(scope, `${OCC}/datacenter`, async (request, reply) =>
    resolve(store, request.params as Params, reply) ? datacenters.map((d) => d.id) : reply,
  );
  scope.get<{ Params: Params }>(`${OCC}/datacenter/:id`, async (request, reply) => {
    const found = resolve(store, request.params, reply);
    const datacenter = datacenters.find((d) => d.id === longParam(request.params.id!));
    if (found && !datacenter)
      return sendOvhError(reply, 404, `The requested object (id = ${request.params.id}) does not exist`);
    return datacenter ?? reply;
  });

  list(scope, `${OCC}/task`, async (request, reply) => {
    const sn = (request.params as Params).sn;
    if (!resolve(store, request.params as Params, reply)) return reply;
    return [...store.occTasks.values()].filter((t) => t.serviceName === sn).map((t) => t.id);
  });
  scope.get<{ Params: Params }>(`${OCC}/task/:id`, async (request, reply) => {
    if (!resolve(store, request.params, reply)) return reply;
    const task = store.occTasks.get(longParam(request.params.id!) ?? -1);
    if (!task || task.serviceName !== request.params.sn)
      return sendOvhError(reply, 404, `The requested object (id = ${request.params.id}) does not exist`);
    return occTaskView(store, task);
  });
}

/** One configuration level: where it lives, what it lists and shows, and how its POST body is read. */
interface Level {
  collection: string;
  param: "popId" | "datacenterId" | "extraId";
  kind: ConfigKind;
  children(found: Resolved, serviceName: string): { id: number }[];
  view(found: Resolved): unknown;
  /** The parent that must be active before a child is created under it. */
  parent?: { label: string; of: (found: Resolved) => { id: number; status: string } };
  /** Reads the POST body into `body` (its first problem refuses the request); creates when there is none. */
  create(found: Resolved, body: BodyReader): OccTaskRecord | undefined;
}

/** GET the list, POST, GET one, DELETE one: the same for the three configuration levels. */
function registerLevel(scope: FastifyInstance, { store, switches }: ApiContext, level: Level): void {
  const resolved = (params: Params, reply: FastifyReply) =>
    resolve(store, params, reply) as Resolved | undefined;
  list(scope, level.collection, async (request, reply) => {
    const params = request.params as Params;
    const found = resolved(params, reply);
    return found ? level.children(found, params.sn).map((c) => c.id) : reply;
  });
  scope.post<{ Params: Params }>(level.collection, async (request, reply) => {
    const found = resolved(request.params, reply);
    if (!found) return reply;
    const parent = level.parent?.of(found);
    // Invented: OVH documents no answer for a create under a parent whose own task has not finished.
    if (switches.rules.conflictOnPendingParent && parent && parent.status !== "active")
      return sendOvhError(
        reply,
        409,
        `The ${level.parent!.label} ${parent.id} is ${parent.status}; wait until it is active`,
      );
    const body = new BodyReader(request.body);
    const task = level.create(found, body);
    return task && !body.problem ? occTaskView(store, task) : sendOvhError(reply, 400, body.problem!);
  });
  const one = `${level.collection}/:${level.param}`;
  scope.get<{ Params: Params }>(one, async (request, reply) => {
    const found = resolved(request.params, reply);
    return found ? level.view(found) : reply;
  });
  scope.delete<{ Params: Params }>(one, async (request, reply) => {
    const found = resolved(request.params, reply);
    if (!found) return reply;
    const target = found[level.kind];
    // Invented: OVH documents no answer for deleting what is already being deleted.
    if (switches.rules.conflictOnDoubleDelete && target.status === "toDelete")
      return sendOvhError(reply, 409, `The configuration ${target.id} is already being deleted`);
    return occTaskView(store, store.deleteWithTask(request.params.sn, level.kind, target.id));
  });
}

function registerPopRoutes(scope: FastifyInstance, context: ApiContext): void {
  const { store, switches } = context;
  registerLevel(scope, context, {
    collection: POPS,
    param: "popId",
    kind: "pop",
    children: (_found, sn) => store.popsOf(sn),
    view: (found) => popView(found.pop),
    create({ service }, body) {
      const interfaceId = body.long("interfaceId", true);
      const type = body.choice("type", ["l2", "l3"] as const);
      const l3 = {
        customerBgpArea: null as number | null,
        ovhBgpArea: null as number | null,
        subnet: null as string | null,
      };
      if (type === "l3") {
        l3.customerBgpArea = body.asn("customerBgpArea", true);
        l3.ovhBgpArea = body.asn("ovhBgpArea", true);
        const subnet = body.block("subnet", true);
        if (subnet && subnet.prefix !== 30) body.fail("Invalid value for subnet: a /30 is expected");
        l3.subnet = cidrText(subnet);
      } else if (type === "l2") {
        body.absent(["customerBgpArea", "ovhBgpArea", "subnet"], "is only for an L3 configuration");
      }
      if (interfaceId !== null && !service.seed.interfaces.some((i) => i.id === interfaceId))
        body.fail(`Interface ${interfaceId} does not belong to this service`);
      // "As a mandatory first step, the service must be interconnected with a vRack" (OVHcloud's API guide).
      if (!service.vrack) body.fail("The service must be in a vRack before it can be configured");
      // Invented: one PoP config per interface.
      if (
        switches.rules.onePopConfigPerInterface &&
        store.popsOf(service.seed.uuid).some((p) => p.interfaceId === interfaceId)
      )
        body.fail(`A PoP configuration already exists on interface ${interfaceId}`);
      // Invented: the guide only says that switching L2/L3 needs the whole configuration deleted.
      const otherType =
        switches.rules.singleTypePerVrack &&
        service.vrack &&
        store.popsInVrack(service.vrack).find((p) => p.type !== type);
      if (otherType)
        body.fail(
          `The vRack ${service.vrack} is configured in ${otherType.type.toUpperCase()}: its OVHcloud Connect ` +
            "services share its datacenter configuration, so their PoP configurations have the same type",
        );
      if (body.problem) return undefined;
      return store.createPop({
        serviceName: service.seed.uuid,
        interfaceId: interfaceId!,
        type: type!,
        ...l3,
      });
    },
  });
}

function registerDatacenterRoutes(scope: FastifyInstance, context: ApiContext): void {
  const { store, switches, datacenters } = context;
  registerLevel(scope, context, {
    collection: DATACENTERS,
    param: "datacenterId",
    kind: "datacenter",
    children: (found, sn) => store.datacentersOf(sn, found.pop.id),
    view: (found) => datacenterView(found.datacenter),
    parent: { label: "PoP configuration", of: (found) => found.pop },
    create({ service, pop }, body) {
      const datacenterId = body.long("datacenterId", true);
      const known = datacenters.find((d) => d.id === datacenterId);
      if (datacenterId !== null && !known)
        body.fail(`Datacenter ${datacenterId} is not reachable from this service`);
      if (known && !known.available)
        body.fail(`Datacenter ${known.name} is not available for a new configuration`);
      let ovhBgpArea: number | null = null;
      let subnet: string | null = null;
      if (pop.type === "l3") {
        ovhBgpArea = body.asn("ovhBgpArea", false);
        const block = body.block("subnet", true);
        if (block && block.prefix > MAX_DATACENTER_PREFIX)
          body.fail(`Invalid value for subnet: the smallest block accepted is a /${MAX_DATACENTER_PREFIX}`);
        subnet = cidrText(block);
      } else {
        body.absent(["ovhBgpArea", "subnet"], "is only for an L3 configuration");
      }
      // Invented: the guide says a second service inherits the vRack's datacenter configuration, not that a
      // second one for the same datacenter is refused.
      const existing =
        switches.rules.oneDatacenterConfigPerVrack &&
        store.datacentersOf(service.seed.uuid, pop.id).find((d) => d.datacenterId === datacenterId);
      if (existing)
        body.fail(
          `Datacenter ${datacenterId} is already configured in this vRack (configuration ${existing.id})`,
        );
      if (body.problem) return undefined;
      // OVHcloud picks the ASN of its routing instance when none is given.
      if (subnet && ovhBgpArea === null) ovhBgpArea = 65500 + datacenterId!;
      const fields = { vrack: service.vrack!, datacenterId: datacenterId!, ovhBgpArea, subnet };
      return store.createDatacenter(service.seed.uuid, fields);
    },
  });
}

function registerExtraRoutes(scope: FastifyInstance, context: ApiContext): void {
  const { store, switches } = context;
  registerLevel(scope, context, {
    collection: EXTRAS,
    param: "extraId",
    kind: "extra",
    children: (found) => store.extrasOf(found.datacenter.id),
    view: (found) => extraView(found.extra),
    parent: { label: "datacenter configuration", of: (found) => found.datacenter },
    create({ service, datacenter }, body) {
      const type = body.choice("type", ["network", "bgp"] as const);
      const siblings = store.extrasOf(datacenter.id);
      const fields: Pick<StoredExtra, "nextHop" | "subnet" | "bgpNeighborArea" | "bgpNeighborIp"> = {
        nextHop: null,
        subnet: null,
        bgpNeighborArea: null,
        bgpNeighborIp: null,
      };
      if (!datacenter.subnet)
        body.fail("Extra configurations need an L3 datacenter configuration (with a subnet)");
      if (type && siblings.some((e) => e.type !== type))
        body.fail("A datacenter configuration cannot have both a BGP session and a static route");
      if (type === "network") {
        fields.nextHop = body.ipv4("nextHop", true);
        fields.subnet = cidrText(body.block("subnet", true));
        body.absent(["bgpNeighborArea", "bgpNeighborIp"], "is only for a bgp extra configuration");
        checkCustomerAddress(body, "nextHop", fields.nextHop, datacenter.subnet ?? "");
        // Invented: no source says what a duplicate static route answers.
        if (switches.rules.uniqueExtras && siblings.some((e) => e.subnet === fields.subnet))
          body.fail(`A static route to ${fields.subnet} already exists`);
      } else if (type === "bgp") {
        fields.bgpNeighborArea = body.asn("bgpNeighborArea", true);
        fields.bgpNeighborIp = body.ipv4("bgpNeighborIp", true);
        body.absent(["nextHop", "subnet"], "is only for a network extra configuration");
        checkCustomerAddress(body, "bgpNeighborIp", fields.bgpNeighborIp, datacenter.subnet ?? "");
        // Invented: no source says what a duplicate BGP session answers.
        if (switches.rules.uniqueExtras && siblings.some((e) => e.bgpNeighborIp === fields.bgpNeighborIp))
          body.fail(`A BGP session with ${fields.bgpNeighborIp} already exists`);
        if (siblings.length >= MAX_BGP_SESSIONS)
          body.fail(`A datacenter configuration takes at most ${MAX_BGP_SESSIONS} BGP sessions`);
      }
      if (body.problem) return undefined;
      return store.createExtra(service.seed.uuid, {
        ...fields,
        type: type!,
        datacenterConfigId: datacenter.id,
      });
    },
  });
}

// ---------------------------------------------------------------------------------------------------------
// vRack
// ---------------------------------------------------------------------------------------------------------

function registerVrackRoutes(scope: FastifyInstance, { store, switches }: ApiContext): void {
  type VrackParams = { Params: { vrack: string; occ?: string; id?: string } };
  const vrackOr404 = (vrack: string, reply: FastifyReply) => {
    if (VRACKS.includes(vrack)) return true;
    sendOvhError(reply, 404, "This service does not exist");
    return false;
  };
  const linkedAnywhere = (uuid: string) => [...store.links.values()].some((set) => set.has(uuid));

  list(scope, `${API_PREFIX}/vrack`, async () => VRACKS);
  list(scope, `${VRACK}/ovhCloudConnect`, async (request, reply) => {
    const { vrack } = request.params as { vrack: string };
    return vrackOr404(vrack, reply) ? [...store.linksOf(vrack)] : reply;
  });
  // OVH lists a service here only when the caller holds the optional IAM action ovhCloudConnect:apiovh:vrack/attach
  // on it (OVH's API schema); allowedServicesHidden answers as for a caller without it.
  scope.get<VrackParams>(`${VRACK}/allowedServices`, async (request, reply) => {
    if (!vrackOr404(request.params.vrack, reply)) return reply;
    if (switches.allowedServicesHidden) return { ovhCloudConnect: [] };
    return { ovhCloudConnect: [...store.services.keys()].filter((uuid) => !linkedAnywhere(uuid)) };
  });
  scope.post<VrackParams>(`${VRACK}/ovhCloudConnect`, async (request, reply) => {
    const { vrack } = request.params;
    if (!vrackOr404(vrack, reply)) return reply;
    const body = new BodyReader(request.body);
    const occ = (request.body as { ovhCloudConnect?: unknown } | undefined)?.ovhCloudConnect;
    if (typeof occ !== "string") body.fail("Missing parameter(s): ovhCloudConnect");
    else if (!store.services.has(occ)) body.fail(`Unknown OVHcloud Connect service ${occ}`);
    else if (linkedAnywhere(occ)) body.fail(`The OVHcloud Connect service ${occ} is already in a vRack`);
    if (body.problem) return sendOvhError(reply, 400, body.problem);
    return vrackTaskView(store, store.link(vrack, occ as string));
  });
  /** Whether the service is linked to the vRack; answers the 404 when not. */
  const linkOr404 = ({ vrack, occ }: VrackParams["Params"], reply: FastifyReply) => {
    if (!vrackOr404(vrack, reply)) return false;
    if (store.linksOf(vrack).has(occ!)) return true;
    sendOvhError(reply, 404, `The requested object (ovhCloudConnect = ${occ}) does not exist`);
    return false;
  };
  scope.get<VrackParams>(`${VRACK}/ovhCloudConnect/:occ`, async (request, reply) => {
    const { vrack, occ } = request.params;
    return linkOr404(request.params, reply) ? { ovhCloudConnect: occ, vrack } : reply;
  });
  scope.delete<VrackParams>(`${VRACK}/ovhCloudConnect/:occ`, async (request, reply) => {
    const { vrack, occ } = request.params;
    if (!linkOr404(request.params, reply)) return reply;
    // Invented: no source says what unlinking answers while the link's own task runs.
    const pending = [...store.vrackTasks.values()].find((t) => t.targetDomain === occ && !t.applied);
    if (switches.rules.conflictOnRunningVrackTask && pending)
      return sendOvhError(reply, 409, `Task ${pending.id} is already running for ${occ}`);
    // Invented: no source says that a service with PoP configs cannot leave its vRack.
    if (switches.rules.noUnlinkWithPopConfig && store.popsOf(occ!).length > 0)
      return sendOvhError(
        reply,
        400,
        "Remove the OVHcloud Connect configuration (its PoP configurations) before removing it from the vRack",
      );
    return vrackTaskView(store, store.unlink(vrack, occ!));
  });
  list(scope, `${VRACK}/task`, async (request, reply) => {
    const { vrack } = request.params as { vrack: string };
    if (!vrackOr404(vrack, reply)) return reply;
    return [...store.vrackTasks.values()].filter((t) => t.vrack === vrack && !t.applied).map((t) => t.id);
  });
  scope.get<VrackParams>(`${VRACK}/task/:id`, async (request, reply) => {
    const { vrack, id } = request.params;
    if (!vrackOr404(vrack, reply)) return reply;
    // Finished vRack tasks are gone (terraform's provider treats this 404 as "done").
    const task = store.pendingVrackTask(vrack, longParam(id!) ?? -1);
    return task
      ? vrackTaskView(store, task)
      : sendOvhError(reply, 404, `The requested object (taskId = ${id}) does not exist`);
  });
}

/** Registers the API in its own scope, so that the signature check covers exactly these routes. */
export function registerApiRoutes(
  app: FastifyInstance,
  context: ApiContext,
  authenticate: preParsingAsyncHookHandler,
): void {
  void app.register(async (scope) => {
    scope.addHook("preParsing", authenticate);
    // terraform-provider-ovh checks its credentials with this call at start-up.
    scope.get(`${API_PREFIX}/auth/details`, async () => ({
      account: "demo-ovh",
      description: "pulumi-interconnect OVHcloud emulator",
      method: "account",
      user: null,
      roles: [],
      allowedRoutes: [{ method: "*", path: "/*" }],
      identities: [],
    }));
    registerServiceRoutes(scope, context);
    registerPopRoutes(scope, context);
    registerDatacenterRoutes(scope, context);
    registerExtraRoutes(scope, context);
    registerVrackRoutes(scope, context);
  });
}
