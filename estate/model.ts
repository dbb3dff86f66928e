/**
 * The estate model: what a stack's state export says about its interconnects, as typed data the layout and the
 * renderer draw. It reads the resources' outputs only (never inputs, never secrets): a value Pulumi marks as
 * secret becomes "[secret]". Missing outputs (partially created resources) and unknown fields are tolerated;
 * resources of other types are counted, not drawn.
 */

/** The class of a status, which sets its colour. */
export type StatusClass = "up" | "waiting" | "failed" | "deleting" | "other";

export const STATUS_CLASSES: readonly StatusClass[] = ["up", "waiting", "failed", "deleting", "other"];

export const STATUS_CLASS_LABELS: Record<StatusClass, string> = {
  up: "Up",
  waiting: "Waiting (approval, provisioning)",
  failed: "Failed, rejected, denied",
  deleting: "Being deleted, deleted",
  other: "Other, unknown",
};

export type Vendor = "equinix" | "consoleconnect" | "ovh";

export const VENDOR_NAMES: Record<Vendor, string> = {
  equinix: "Equinix Fabric",
  consoleconnect: "Console Connect",
  ovh: "OVHcloud Connect",
};

/** Shown instead of any value Pulumi marks as secret. */
export const SECRET = "[secret]";

export const TYPES = {
  equinixL2: "pulumi-nodejs:dynamic/equinix:L2Connection",
  consoleConnectL2: "pulumi-nodejs:dynamic/consoleconnect:Layer2Connection",
  ovhVrackLink: "pulumi-nodejs:dynamic/ovh:VrackOvhCloudConnect",
  ovhPop: "pulumi-nodejs:dynamic/ovh:PopConfig",
  ovhDatacenter: "pulumi-nodejs:dynamic/ovh:DatacenterConfig",
  ovhExtra: "pulumi-nodejs:dynamic/ovh:DatacenterExtraConfig",
} as const;

export type EndpointKind =
  | "equinix-port"
  | "equinix-profile"
  | "consoleconnect-port"
  | "consoleconnect-company"
  | "consoleconnect-oracle";

/** An end of Layer 2 connections: an A-side port, or a Z-side (seller, partner, Oracle, your other port). */
export interface Endpoint {
  id: string;
  vendor: Vendor;
  side: "a" | "z";
  kind: EndpointKind;
  /** What it is: "Equinix port", "Service profile", "Partner company"… */
  role: string;
  /** Its name or id, as the state knows it. */
  label: string;
  /** Further facts (metro, region), one per line. */
  details: string[];
}

/** One Layer 2 connection (one leg of a redundant pair is one connection). */
export interface Connection {
  /** Unique in the estate: the resource's URN, plus "#secondary" for the second leg. */
  key: string;
  vendor: Vendor;
  /** The Pulumi resource's name (from its URN). */
  resource: string;
  urn: string;
  /** The connection's name at the vendor. */
  name: string;
  leg?: "primary" | "secondary";
  /** The vendor's id (Equinix UUID, Console Connect connection id). */
  id?: string;
  from: string;
  to: string;
  /** VLAN tags, as engineers write them: "S-tag 1210", "S 335 · C 421", "VLAN 1000 → 2000". */
  vlan: string;
  /** "200 Mbps", "1 Gbps". */
  speed: string;
  status: string;
  statusClass: StatusClass;
  /** The other party's status (Equinix providerStatus) or the v4 state, when known. */
  detail?: string;
  /** The seller's end, when the state has it (Equinix Fabric v4 zSide). */
  zSide?: string;
  /** The pair this leg belongs to. */
  pair?: string;
  /** The resource's errors, when Pulumi recorded it as partially created. */
  errors: string[];
  /** Ids and facts for the table, in order. */
  ids: [string, string][];
}

/** The two legs of a redundant Equinix connection. */
export interface Pair {
  key: string;
  resource: string;
  name: string;
  redundancyGroup?: string;
  /** Connection keys: primary first. */
  legs: string[];
}

export type OvhNodeKind = "vrack" | "service" | "pop" | "datacenter" | "extra";

/** A node of the OVHcloud Connect tree: vRack → service → PoP config → datacenter configs → extras. */
export interface OvhNode {
  id: string;
  kind: OvhNodeKind;
  parent?: string;
  /** "vRack", "OVHcloud Connect service", "PoP config", "Datacenter config", "Static route", "BGP session". */
  role: string;
  label: string;
  details: string[];
  /** Undefined for nodes the state only refers to (the vRack, the service, missing parents). */
  status?: string;
  statusClass: StatusClass;
  /** The Pulumi resource, when the node is one. */
  resource?: string;
  urn?: string;
  errors: string[];
  ids: [string, string][];
}

export interface EstateModel {
  stack?: string;
  project?: string;
  /** When the state was last written (the export's manifest time). */
  stateTime?: string;
  endpoints: Endpoint[];
  connections: Connection[];
  pairs: Pair[];
  ovh: OvhNode[];
  /** Resources of other types, by type (Pulumi's own stack and provider resources excluded). */
  ignored: Record<string, number>;
  /** Resources recorded as partially created (initErrors), by URN. */
  partial: string[];
}

interface StateResource {
  urn?: unknown;
  type?: unknown;
  id?: unknown;
  outputs?: unknown;
  initErrors?: unknown;
  delete?: unknown;
}

// ---- reading outputs ----------------------------------------------------------------------------------------

/** The signature key Pulumi puts on secret values in a state export. */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

type Json = unknown;
type Obj = Record<string, Json>;

function isObject(value: Json): value is Obj {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isSecret(value: Json): boolean {
  return isObject(value) && value[SIG_KEY] === SECRET_SIG;
}

/** A string for display: secrets become "[secret]", numbers and booleans their text, anything else undefined. */
function str(value: Json): string | undefined {
  if (isSecret(value)) return SECRET;
  if (typeof value === "string") return value === "" ? undefined : value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  if (typeof value === "boolean") return String(value);
  return undefined;
}

/** A nested object of the outputs, or undefined (also for secrets, which are never opened). */
function obj(value: Json): Obj | undefined {
  return isObject(value) && !isSecret(value) ? value : undefined;
}

/** The resource name and stack from a URN: urn:pulumi:<stack>::<project>::<type>::<name>. */
function parseUrn(urn: string): { stack?: string; project?: string; name: string } {
  const parts = urn.split("::");
  if (parts.length < 4) return { name: urn };
  const stack = parts[0].replace(/^urn:pulumi:/, "");
  return { stack, project: parts[1], name: parts.slice(3).join("::") };
}

function compactIds(pairs: [string, string | undefined][]): [string, string][] {
  return pairs.filter((p): p is [string, string] => p[1] !== undefined);
}

// ---- status classes -----------------------------------------------------------------------------------------

/** Equinix Fabric statuses (v3 status, v4 state, provider status). */
export function equinixStatusClass(status: string | undefined): StatusClass {
  const s = (status ?? "").toUpperCase();
  if (!s || s === SECRET.toUpperCase()) return "other";
  if (["DEPROVISIONING", "DEPROVISIONED", "PENDING_DELETE", "DELETED", "DELETING"].includes(s))
    return "deleting";
  if (["PROVISIONED", "ACTIVE"].includes(s)) return "up";
  if (/FAIL|REJECT|NOT_PROVISIONED|CANCELLED|DENIED|ERROR/.test(s)) return "failed";
  if (s.startsWith("PENDING") || ["PROVISIONING", "REPROVISIONING", "DRAFT"].includes(s)) return "waiting";
  return "other";
}

/** Console Connect connection statuses. */
export function consoleConnectStatusClass(status: string | undefined): StatusClass {
  const s = (status ?? "").toUpperCase();
  if (s === "ACTIVE") return "up";
  if (["CREATING", "PENDING", "PENDING_ACCEPTANCE", "ACCEPTED", "ACTIVATING", "MANUAL"].includes(s))
    return "waiting";
  if (["DENIED", "CANCELLED", "ERROR", "REJECTED"].includes(s)) return "failed";
  if (["DELETING", "DISABLING", "DISABLED", "DELETED"].includes(s)) return "deleting";
  return "other";
}

/** OVHcloud statuses: configurations init → active → toDelete, the vRack link linking → linked. */
export function ovhStatusClass(status: string | undefined): StatusClass {
  const s = status ?? "";
  if (s === "active" || s === "linked") return "up";
  if (s === "init" || s === "linking" || s === "todo" || s === "doing") return "waiting";
  if (s === "toDelete" || s === "deleted" || s === "unlinking") return "deleting";
  if (s === "error" || s === "failed") return "failed";
  return "other";
}

// ---- formatting ---------------------------------------------------------------------------------------------

export function formatSpeed(speed: string | undefined, unit: string | undefined): string {
  if (speed === undefined) return "speed unknown";
  if (speed === SECRET) return SECRET;
  const u = (unit ?? "MB").toUpperCase();
  if (u === "GB" || u === "GBPS") return `${speed} Gbps`;
  if (u === "MB" || u === "MBPS") {
    const n = Number(speed);
    return n >= 1000 && n % 1000 === 0 ? `${n / 1000} Gbps` : `${speed} Mbps`;
  }
  return `${speed} ${unit}`;
}

/** VLAN tags as engineers write them: a Dot1Q port's VLAN, a QinQ port's S-tag (and C-tag), the Z-side C-tag. */
function equinixVlan(s?: string, c?: string, zC?: string, encapsulation?: string): string {
  const qinq = encapsulation?.toLowerCase() === "qinq";
  const parts: string[] = [];
  if (s !== undefined) parts.push(c !== undefined ? `S ${s} · C ${c}` : qinq ? `S-tag ${s}` : `VLAN ${s}`);
  else if (c !== undefined) parts.push(`C-tag ${c}`);
  if (zC !== undefined) parts.push(`Z C-tag ${zC}`);
  return parts.length > 0 ? parts.join(" · ") : "VLAN unknown";
}

/** The seller's end from a v4 zSide: "port SELLER-1 · VLAN 100" (or S/C tags). */
function zSideText(z: Obj | undefined): { text?: string; ids: [string, string][] } {
  if (!z) return { ids: [] };
  const portName = str(z.portName);
  const portUuid = str(z.portUuid);
  const tag = str(z.vlanTag);
  const sTag = str(z.vlanSTag);
  const cTag = str(z.vlanCTag);
  const vlan =
    tag !== undefined
      ? `VLAN ${tag}`
      : sTag !== undefined
        ? cTag !== undefined
          ? `S ${sTag} · C ${cTag}`
          : `VLAN ${sTag}`
        : cTag !== undefined
          ? `C ${cTag}`
          : undefined;
  const port = portName ?? (portUuid ? shortId(portUuid) : undefined);
  const parts = [port ? `port ${port}` : undefined, vlan].filter((p): p is string => !!p);
  return {
    text: parts.length > 0 ? `Z: ${parts.join(" · ")}` : undefined,
    ids: compactIds([
      ["Z-side port", portName && portUuid ? `${portName} (${portUuid})` : (portName ?? portUuid)],
      ["Z-side VLAN", vlan],
    ]),
  };
}

/** The first 8 characters of a UUID-like id, for labels where the whole id does not fit. */
export function shortId(id: string): string {
  return id.length > 13 && id !== SECRET ? `${id.slice(0, 8)}…` : id;
}

// ---- the builder --------------------------------------------------------------------------------------------

class Builder {
  readonly model: EstateModel = {
    endpoints: [],
    connections: [],
    pairs: [],
    ovh: [],
    ignored: {},
    partial: [],
  };
  private readonly endpoints = new Map<string, Endpoint>();
  private readonly ovhNodes = new Map<string, OvhNode>();

  endpoint(e: Endpoint): string {
    const existing = this.endpoints.get(e.id);
    if (existing) {
      for (const d of e.details) if (!existing.details.includes(d)) existing.details.push(d);
    } else {
      this.endpoints.set(e.id, e);
      this.model.endpoints.push(e);
    }
    return e.id;
  }

  ovhNode(node: OvhNode): OvhNode {
    const existing = this.ovhNodes.get(node.id);
    if (existing) {
      // A node first met as a reference (a parent) is replaced by the resource when it comes.
      if (existing.resource === undefined && node.resource !== undefined) Object.assign(existing, node);
      return existing;
    }
    this.ovhNodes.set(node.id, node);
    this.model.ovh.push(node);
    return node;
  }

  hasOvhNode(id: string): boolean {
    return this.ovhNodes.has(id);
  }
}

interface ResourceContext {
  urn: string;
  name: string;
  outputs: Obj;
  errors: string[];
  /** Pulumi keeps a replaced resource with delete: true until it is deleted. */
  pendingDelete: boolean;
}

function addEquinix(b: Builder, r: ResourceContext): void {
  const o = r.outputs;
  /** A leg's seller profile: its own settings (a v4 secondary may have them), else the primary's. */
  const profileEndpoint = (settings: Obj, zSide: Obj | undefined) => {
    const profile = str(settings.profileUuid) ?? str(zSide?.profileUuid) ?? str(o.profileUuid);
    const metro = str(settings.sellerMetroCode) ?? str(o.sellerMetroCode);
    const region = str(settings.sellerRegion) ?? str(o.sellerRegion);
    return b.endpoint({
      id: `equinix-profile:${profile ?? `unknown:${r.urn}`}`,
      vendor: "equinix",
      side: "z",
      kind: "equinix-profile",
      role: "Service profile (seller)",
      label: profile ?? "profile unknown",
      details: [
        // Fabric v4 names the profile in each leg's zSide.
        str(zSide?.profileName),
        str(o.profileEncapsulation) ? `${str(o.profileEncapsulation)} profile` : undefined,
        metro ? `metro ${metro}` : undefined,
        region ? `region ${region}` : undefined,
      ].filter((d): d is string => !!d),
    });
  };
  const encapsulation = str(o.portEncapsulation);
  const port = (uuid: string | undefined, name: string | undefined) =>
    b.endpoint({
      id: `equinix-port:${uuid ?? `unknown:${r.urn}`}`,
      vendor: "equinix",
      side: "a",
      kind: "equinix-port",
      role: encapsulation ? `Equinix port · ${encapsulation}` : "Equinix port",
      label: name ?? uuid ?? "port unknown",
      details: name && uuid ? [uuid] : [],
    });
  const speed = formatSpeed(str(o.speed), str(o.speedUnit));
  const secondaryState = obj(o.secondary);
  const secondaryInputs = obj(o.secondaryConnection);
  const hasSecondary = secondaryState !== undefined || secondaryInputs !== undefined || isSecret(o.secondary);
  const apiVersion = str(o.apiVersion);

  const leg = (
    which: "primary" | "secondary",
    state: Obj,
    inputs: Obj,
    group: string | undefined,
  ): Connection => {
    const v4State = str(state.state);
    const status = str(state.status) ?? v4State ?? (r.errors.length > 0 ? "NOT CREATED" : "UNKNOWN");
    const providerStatus = str(state.providerStatus);
    const statusClass = r.pendingDelete ? "deleting" : equinixStatusClass(v4State ?? status);
    const z = zSideText(obj(state.zSide));
    const id = str(state.uuid);
    const details = [
      v4State && v4State !== status ? `state ${v4State}` : undefined,
      providerStatus ? `seller ${providerStatus}` : undefined,
    ].filter((d): d is string => !!d);
    const name = str(inputs.name) ?? (which === "secondary" ? `${r.name} (secondary)` : r.name);
    return {
      key: which === "secondary" ? `${r.urn}#secondary` : r.urn,
      vendor: "equinix",
      resource: r.name,
      urn: r.urn,
      name,
      leg: hasSecondary ? which : undefined,
      id,
      from: port(str(inputs.portUuid), str(inputs.portName)),
      // Fabric v4: a secondary may have its own profile, metro and region (Google Cloud's zone 2 profile).
      to: profileEndpoint(which === "secondary" ? inputs : {}, obj(state.zSide)),
      vlan: equinixVlan(str(inputs.vlanSTag), str(inputs.vlanCTag), str(inputs.zSideVlanCTag), encapsulation),
      speed,
      status: r.pendingDelete ? `${status} (replaced, deleting)` : status,
      statusClass,
      detail: details.length > 0 ? details.join(" · ") : undefined,
      zSide: z.text,
      pair: hasSecondary ? r.urn : undefined,
      errors: r.errors,
      ids: compactIds([
        ["UUID", id],
        ["Redundancy group", group],
        ["API", apiVersion],
        ["Provider status", providerStatus],
        ["v4 state", v4State],
        ...z.ids,
      ]),
    };
  };

  const group = str(o.redundancyGroup);
  const primary = leg("primary", o, o, group);
  b.model.connections.push(primary);
  if (hasSecondary) {
    // The secondary's name, port and tags are inputs echoed in outputs; its computed state is `secondary`. Pulumi
    // stores secondaryConnection as a secret once its authorizationKey is one (Google Cloud): then Fabric v4's own
    // report of the leg (name, port; its profile is in zSide) stands in, and the tags stay secret. Ports are
    // labelled by uuid, as the primary's are.
    const secondaryFacts: Obj = secondaryInputs ?? {
      name: secondaryState?.name,
      portUuid: secondaryState?.portUuid,
      ...(isSecret(o.secondaryConnection) ? { vlanSTag: o.secondaryConnection } : {}),
    };
    const secondary = leg(
      "secondary",
      secondaryState ?? { status: isSecret(o.secondary) ? SECRET : undefined },
      secondaryFacts,
      str(secondaryState?.redundancyGroup) ?? group,
    );
    b.model.connections.push(secondary);
    b.model.pairs.push({
      key: r.urn,
      resource: r.name,
      name: primary.name,
      redundancyGroup: group,
      legs: [primary.key, secondary.key],
    });
  }
}

function addConsoleConnect(b: Builder, r: ResourceContext): void {
  const o = r.outputs;
  const company = str(o.company) ?? str(o.companyUsername);
  const destCompany = str(o.destCompany);
  const portId = str(o.portId);
  const destPortId = str(o.destPortId);
  const from = b.endpoint({
    id: `consoleconnect-port:${portId ?? `unknown:${r.urn}`}`,
    vendor: "consoleconnect",
    side: "a",
    kind: "consoleconnect-port",
    role: company ? `Console Connect port · ${company}` : "Console Connect port",
    label: portId ?? "port unknown",
    details: [],
  });
  const ownPort = destPortId !== undefined && (destCompany === undefined || destCompany === company);
  let to: string;
  if (ownPort) {
    // Its own node on the Z side, even when the port is also the A-side of other connections.
    to = b.endpoint({
      id: `consoleconnect-port:z:${destPortId}`,
      vendor: "consoleconnect",
      side: "z",
      kind: "consoleconnect-port",
      role: "Your port (port to port)",
      label: destPortId,
      details: [],
    });
  } else if (destCompany === "oracle") {
    to = b.endpoint({
      id: "consoleconnect-oracle",
      vendor: "consoleconnect",
      side: "z",
      kind: "consoleconnect-oracle",
      role: "Oracle Cloud FastConnect",
      label: "oracle",
      details: [],
    });
  } else {
    to = b.endpoint({
      id: `consoleconnect-company:${destCompany ?? `unknown:${r.urn}`}`,
      vendor: "consoleconnect",
      side: "z",
      kind: "consoleconnect-company",
      role: "Partner company",
      label: destCompany ?? "company unknown",
      details: [],
    });
  }
  const status = str(o.status) ?? (r.errors.length > 0 ? "NOT CREATED" : "UNKNOWN");
  const src = str(o.srcVlan) ?? str(o.srcVlanRequest);
  const dest = str(o.destVlan) ?? str(o.destVlanRequest);
  const vlan =
    src !== undefined
      ? dest !== undefined
        ? `VLAN ${src} → ${dest}`
        : `VLAN ${src}`
      : dest !== undefined
        ? `VLAN ? → ${dest}`
        : "VLAN unassigned";
  const change = obj(o.speedChangeRequest);
  const changeText =
    change && str(change.speed)
      ? `to ${str(change.speed)} Mbps: ${str(change.status) ?? "PENDING"}`
      : undefined;
  const id = str(o.connectionId);
  const errorReason = str(o.errorReason);
  b.model.connections.push({
    key: r.urn,
    vendor: "consoleconnect",
    resource: r.name,
    urn: r.urn,
    name: str(o.name) ?? r.name,
    id,
    from,
    to,
    vlan,
    speed: formatSpeed(str(o.speed), "MB"),
    status: r.pendingDelete ? `${status} (replaced, deleting)` : status,
    statusClass: r.pendingDelete ? "deleting" : consoleConnectStatusClass(status),
    detail:
      [errorReason, changeText ? `speed change ${changeText}` : undefined].filter(Boolean).join(" · ") ||
      undefined,
    errors: r.errors,
    ids: compactIds([
      ["Connection id", id],
      ["Destination metro", str(o.destMetroId)],
      ["Class of service", str(o.classOfService)],
      ["Speed change", changeText],
    ]),
  });
}

// ---- OVHcloud Connect ---------------------------------------------------------------------------------------

const ovhIds = {
  vrack: (name: string) => `ovh-vrack:${name}`,
  service: (uuid: string) => `ovh-service:${uuid}`,
  pop: (service: string, pop: string) => `ovh-pop:${service}/${pop}`,
  datacenter: (service: string, pop: string, config: string) => `ovh-dc:${service}/${pop}/${config}`,
  extra: (parent: string, extra: string) => `ovh-extra:${parent}/${extra}`,
};

function serviceNode(b: Builder, service: string): string {
  return b.ovhNode({
    id: ovhIds.service(service),
    kind: "service",
    role: "OVHcloud Connect service",
    label: service,
    details: [],
    statusClass: "other",
    errors: [],
    ids: [["Service", service]],
  }).id;
}

/** The parent a configuration names, as a placeholder until (unless) its own resource is read. */
function placeholder(
  b: Builder,
  id: string,
  kind: OvhNodeKind,
  role: string,
  label: string,
  parent: string | undefined,
): string {
  return b.ovhNode({
    id,
    kind,
    parent,
    role,
    label,
    details: ["not in this stack"],
    statusClass: "other",
    errors: [],
    ids: [],
  }).id;
}

interface OvhResource extends ResourceContext {
  kind: "vrack" | "pop" | "datacenter" | "extra";
}

function ovhStatus(r: ResourceContext): { status?: string; statusClass: StatusClass } {
  const status = str(r.outputs.status) ?? (r.errors.length > 0 ? "not created" : undefined);
  return { status, statusClass: r.pendingDelete ? "deleting" : ovhStatusClass(status) };
}

function addOvhVrackLink(b: Builder, r: ResourceContext): void {
  const vrack = str(r.outputs.serviceName) ?? "vRack unknown";
  const service = str(r.outputs.ovhCloudConnect);
  const { status, statusClass } = ovhStatus(r);
  b.ovhNode({
    id: ovhIds.vrack(vrack),
    kind: "vrack",
    role: "vRack",
    label: vrack,
    details: [],
    status,
    statusClass,
    resource: r.name,
    urn: r.urn,
    errors: r.errors,
    ids: compactIds([
      ["vRack", vrack],
      ["Task", str(r.outputs.taskId)],
    ]),
  });
  if (service) {
    // The link is the edge vRack → service; its status is the service node's link status.
    const node = b.ovhNode({
      id: ovhIds.service(service),
      kind: "service",
      role: "OVHcloud Connect service",
      label: service,
      details: [],
      statusClass: "other",
      errors: [],
      ids: [["Service", service]],
    });
    node.parent = ovhIds.vrack(vrack);
    node.status = status;
    node.statusClass = statusClass;
    node.details = [`in vRack ${vrack}`];
  }
}

function addOvhConfig(b: Builder, r: OvhResource): void {
  const o = r.outputs;
  const service = str(o.serviceName) ?? "service unknown";
  const popId = str(o.popId);
  const { status, statusClass } = ovhStatus(r);
  const common = { status, statusClass, resource: r.name, urn: r.urn, errors: r.errors };
  if (r.kind === "pop") {
    const type = str(o.type);
    const customer = str(o.customerBgpArea);
    const ovhAs = str(o.ovhBgpArea);
    const subnet = str(o.subnet);
    b.ovhNode({
      id: ovhIds.pop(service, popId ?? r.urn),
      kind: "pop",
      parent: serviceNode(b, service),
      role: `PoP config${type ? ` · ${type.toUpperCase()}` : ""}`,
      label: popId ? `PoP config ${popId}` : r.name,
      details: [
        str(o.interfaceId) ? `interface ${str(o.interfaceId)}` : undefined,
        subnet ? `subnet ${subnet}` : undefined,
        customer ? `your AS ${customer}` : undefined,
        ovhAs ? `OVHcloud AS ${ovhAs}` : undefined,
      ].filter((d): d is string => !!d),
      ...common,
      ids: compactIds([
        ["PoP id", popId],
        ["Service", service],
        ["Interface", str(o.interfaceId)],
        ["Type", type],
        ["Subnet", subnet],
        ["Customer ASN", customer],
        ["OVHcloud ASN", ovhAs],
        ["Task", str(o.taskId)],
      ]),
    });
  } else if (r.kind === "datacenter") {
    const configId = str(o.configId);
    const popNode = popId ? ovhIds.pop(service, popId) : undefined;
    const parent = popNode
      ? b.hasOvhNode(popNode)
        ? popNode
        : placeholder(b, popNode, "pop", "PoP config", `PoP config ${popId}`, serviceNode(b, service))
      : serviceNode(b, service);
    const subnet = str(o.subnet);
    const asn = str(o.ovhBgpArea);
    b.ovhNode({
      id: ovhIds.datacenter(service, popId ?? "?", configId ?? r.urn),
      kind: "datacenter",
      parent,
      role: "Datacenter config",
      label: `datacenter ${str(o.datacenterId) ?? "?"}${configId ? ` · config ${configId}` : ""}`,
      details: [subnet ? `subnet ${subnet}` : undefined, asn ? `OVHcloud AS ${asn}` : undefined].filter(
        (d): d is string => !!d,
      ),
      ...common,
      ids: compactIds([
        ["Config id", configId],
        ["Datacenter id", str(o.datacenterId)],
        ["PoP id", popId],
        ["Subnet", subnet],
        ["OVHcloud ASN", asn],
        ["Task", str(o.taskId)],
      ]),
    });
  } else {
    const configId = str(o.datacenterConfigId);
    const extraId = str(o.extraId);
    const dcNode = configId ? ovhIds.datacenter(service, popId ?? "?", configId) : undefined;
    const popParent = () => {
      if (!popId) return serviceNode(b, service);
      const popNode = ovhIds.pop(service, popId);
      return b.hasOvhNode(popNode)
        ? popNode
        : placeholder(b, popNode, "pop", "PoP config", `PoP config ${popId}`, serviceNode(b, service));
    };
    const parent = dcNode
      ? b.hasOvhNode(dcNode)
        ? dcNode
        : placeholder(b, dcNode, "datacenter", "Datacenter config", `config ${configId}`, popParent())
      : serviceNode(b, service);
    const type = str(o.type);
    const bgp = type === "bgp";
    const details = bgp
      ? [
          str(o.bgpNeighborIp) ? `neighbor ${str(o.bgpNeighborIp)}` : undefined,
          str(o.bgpNeighborArea) ? `AS ${str(o.bgpNeighborArea)}` : undefined,
        ]
      : [
          str(o.subnet) ? `${str(o.subnet)}` : undefined,
          str(o.nextHop) ? `via ${str(o.nextHop)}` : undefined,
        ];
    b.ovhNode({
      id: ovhIds.extra(parent, extraId ?? r.urn),
      kind: "extra",
      parent,
      role: bgp ? "BGP session" : type === "network" ? "Static route" : "Extra config",
      label: extraId ? `extra ${extraId}` : r.name,
      details: details.filter((d): d is string => !!d),
      ...common,
      ids: compactIds([
        ["Extra id", extraId],
        ["Datacenter config", configId],
        ["Type", type],
        ["Subnet", str(o.subnet)],
        ["Next hop", str(o.nextHop)],
        ["BGP neighbor", str(o.bgpNeighborIp)],
        ["Neighbor ASN", str(o.bgpNeighborArea)],
        ["Task", str(o.taskId)],
      ]),
    });
  }
}

/** Pulumi's own resources: never drawn, never counted as unknown. */
function isPulumiInternal(type: string): boolean {
  return type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:");
}

/** Accepts `pulumi stack export` output (`{version, deployment}`), or the deployment itself. */
function resourcesOf(exported: unknown): { resources: StateResource[]; time?: string } {
  const root = obj(exported) ?? {};
  const deployment = obj(root.deployment) ?? root;
  const resources = Array.isArray(deployment.resources) ? (deployment.resources as StateResource[]) : [];
  return { resources, time: str(obj(deployment.manifest)?.time) };
}

/** Builds the estate model from a state export (the parsed JSON of `pulumi stack export`). */
export function estateFromExport(exported: unknown): EstateModel {
  const b = new Builder();
  const { resources, time } = resourcesOf(exported);
  b.model.stateTime = time;
  const ovhConfigs: OvhResource[] = [];
  for (const raw of resources) {
    if (!isObject(raw)) continue;
    const type = typeof raw.type === "string" ? raw.type : "(no type)";
    const urn = typeof raw.urn === "string" ? raw.urn : `(no urn: ${type})`;
    const parsed = parseUrn(urn);
    b.model.stack ??= parsed.stack;
    b.model.project ??= parsed.project;
    if (isPulumiInternal(type)) continue;
    const errors = Array.isArray(raw.initErrors) ? raw.initErrors.map((e) => str(e) ?? String(e)) : [];
    const context: ResourceContext = {
      urn,
      name: parsed.name,
      outputs: obj(raw.outputs) ?? {},
      errors,
      pendingDelete: raw.delete === true,
    };
    const known = Object.values(TYPES).includes(type as (typeof TYPES)[keyof typeof TYPES]);
    if (!known) {
      b.model.ignored[type] = (b.model.ignored[type] ?? 0) + 1;
      continue;
    }
    if (errors.length > 0) b.model.partial.push(urn);
    switch (type) {
      case TYPES.equinixL2:
        addEquinix(b, context);
        break;
      case TYPES.consoleConnectL2:
        addConsoleConnect(b, context);
        break;
      case TYPES.ovhVrackLink:
        addOvhVrackLink(b, context);
        break;
      case TYPES.ovhPop:
        ovhConfigs.push({ ...context, kind: "pop" });
        break;
      case TYPES.ovhDatacenter:
        ovhConfigs.push({ ...context, kind: "datacenter" });
        break;
      case TYPES.ovhExtra:
        ovhConfigs.push({ ...context, kind: "extra" });
        break;
    }
  }
  // Parents first, so that children find them whatever the order of the export.
  const rank = { vrack: 0, pop: 1, datacenter: 2, extra: 3 };
  for (const r of ovhConfigs.sort((x, y) => rank[x.kind] - rank[y.kind])) addOvhConfig(b, r);
  return b.model;
}

/** How many connections of each status class. */
export function statusCounts(model: EstateModel): Record<StatusClass, number> {
  const counts = Object.fromEntries(STATUS_CLASSES.map((c) => [c, 0])) as Record<StatusClass, number>;
  for (const c of model.connections) counts[c.statusClass] += 1;
  return counts;
}
