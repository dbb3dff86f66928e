/**
 * How OVHcloud Connect configurations relate to each other in a stack.
 *
 * A DatacenterExtraConfig belongs to the DatacenterConfig with the same serviceName + popId whose id
 * (`configId`, or `id`) equals the extra's `datacenterConfigId`. During preview those ids are often not
 * known yet (the datacenter config is created in the same update), so the engine's dependency
 * information is used as well: the resource that `datacenterConfigId` was computed from
 * (`propertyDependencies`), or a single datacenter config among the extra's `dependencies`.
 */
import { idText, isMissing, isUnknown, type StackResource, type Unknown, UNKNOWN } from "./util";

export type DatacenterLink =
  /** The datacenter config is in this stack. */
  | { readonly kind: "resource"; readonly key: string; readonly datacenter: StackResource }
  /** The ids are known but no datacenter config in this stack has them: it is managed elsewhere. */
  | { readonly kind: "external"; readonly key: string }
  /** Not decidable yet (ids unknown and no usable dependency, or ambiguous). */
  | { readonly kind: "unknown"; readonly reason: string };

/** The id of a datacenter config as the API knows it (`configId` output, else `id`). */
export function datacenterConfigId(datacenter: StackResource): string | Unknown | undefined {
  const value = isMissing(datacenter.props.configId) ? datacenter.props.id : datacenter.props.configId;
  return isUnknown(value) ? UNKNOWN : idText(value);
}

/** The lower-cased `type` property: `l2`/`l3` (PoP), `network`/`bgp` (extra); or unknown. */
export function kindOf(props: Record<string, unknown>): string | Unknown | undefined {
  const value = props.type;
  if (isUnknown(value)) return UNKNOWN;
  return typeof value === "string" ? value.trim().toLowerCase() : undefined;
}

/** Two ids may refer to the same thing unless both are known and differ. */
function compatible(a: unknown, b: unknown): boolean {
  if (isUnknown(a) || isUnknown(b)) return true;
  const x = idText(a);
  const y = idText(b);
  return x === undefined || y === undefined || x === y;
}

export function linkExtraToDatacenter(
  extra: StackResource,
  datacenters: readonly StackResource[],
): DatacenterLink {
  const byUrn = new Map(datacenters.map((d) => [d.urn, d] as const));
  const resolve = (urns: readonly string[] | undefined): StackResource[] => [
    ...new Set((urns ?? []).map((u) => byUrn.get(u)).filter((d): d is StackResource => d !== undefined)),
  ];
  const found = (datacenter: StackResource): DatacenterLink => ({
    kind: "resource",
    key: datacenter.urn,
    datacenter,
  });

  // 1. The engine says which resource datacenterConfigId came from.
  const viaProperty = resolve(extra.propertyDependencies.datacenterConfigId);
  if (viaProperty.length === 1) return found(viaProperty[0]);

  const { serviceName, popId, datacenterConfigId: wanted } = extra.props;
  const sameScope = (d: StackResource) =>
    compatible(serviceName, d.props.serviceName) && compatible(popId, d.props.popId);
  const viaDependencies = resolve(extra.dependencies).filter(sameScope);

  // 2. Match the ids.
  const wantedId = isUnknown(wanted) ? undefined : idText(wanted);
  if (wantedId !== undefined) {
    const matches = datacenters.filter((d) => datacenterConfigId(d) === wantedId && sameScope(d));
    if (matches.length === 1) return found(matches[0]);
    if (matches.length > 1) {
      const narrowed = matches.filter((m) => viaDependencies.includes(m));
      if (narrowed.length === 1) return found(narrowed[0]);
      return { kind: "unknown", reason: `several datacenter configs have id ${wantedId}` };
    }
    if (!isUnknown(serviceName) && !isUnknown(popId)) {
      return {
        kind: "external",
        key: `${idText(serviceName) ?? "?"}/${idText(popId) ?? "?"}/${wantedId}`,
      };
    }
  }

  // 3. A single datacenter config among the extra's dependencies.
  if (viaDependencies.length === 1) return found(viaDependencies[0]);
  return { kind: "unknown", reason: "datacenterConfigId" };
}
