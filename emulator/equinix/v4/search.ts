/**
 * The two search grammars of the Fabric v4 spec.
 *
 * Connections (`SearchRequest`, `Expression`, `SearchFieldName`, `SortCriteria`, `PaginationRequest`): a recursive
 * expression of `and` / `or` lists and `{property, operator, values}` leaves; values are strings; operators
 * `= != > >= < <= LIKE ILKE IS NOT NULL IS NULL IN BETWEEN`; offset ≥ 0, limit 1–100 (default 20); default sort
 * `/changeLog/updatedDateTime` DESC. Invented: where the spec is silent, `=` and `IN` with several values match
 * any of them; LIKE/ILKE match a substring (or SQL `%`/`_` patterns when the value has any); `>`, `<` and BETWEEN
 * compare numbers as numbers and date-times as dates; ties sort by creation order.
 *
 * Service profiles (`ServiceProfileSearchRequest`, `ServiceProfileSimpleExpression`, `ServiceProfileAndFilter`): a
 * single `{property, operator: "=", values}` or `{and: [...]}` of them; other properties or operators → 400
 * EQ-3001202 (spec `sp-400-search`).
 */
import { V4Error, V4RequestError, v4Error } from "./errors";

type Json = Record<string, unknown>;

const CONNECTION_SEARCH_FIELDS = new Set([
  "/isRemote",
  "/name",
  "/uuid",
  "/type",
  "/geoScope",
  "/state",
  "/account/orgId",
  "/bandwidth",
  "/change/status",
  "/changeLog/createdBy",
  "/changeLog/createdDateTime",
  "/changeLog/deletedBy",
  "/changeLog/deletedDateTime",
  "/changeLog/lastUpdatedBy",
  "/operation/equinixStatus",
  "/operation/providerStatus",
  "/project/projectId",
  "/redundancy/group",
  "/redundancy/priority",
  ...["aSide", "zSide"].flatMap((side) =>
    [
      "account/accountName",
      "linkProtocol/vlanTagMin",
      "linkProtocol/vlanTagMax",
      "location/metroCode",
      "location/metroName",
      "name",
      "port/uuid",
      "port/name",
      "type",
      "virtualDevice/name",
      "virtualDevice/uuid",
      // Not in SearchFieldName, but used by the spec's search examples.
      "linkProtocol/vlanSTag",
      "linkProtocol/vlanCTag",
    ].map((field) => `/${side}/accessPoint/${field}`),
  ),
  "/aSide/accessPoint/account/accountNumber",
  "/aSide/accessPoint/router/uuid",
  "/aSide/serviceToken/uuid",
  "/zSide/accessPoint/authenticationKey",
  "/zSide/accessPoint/sellerRegion",
  "/zSide/accessPoint/network/uuid",
  "/zSide/accessPoint/profile/uuid",
  "/zSide/accessPoint/role",
  "/zSide/serviceToken/uuid",
  "/zSide/internetAccess/uuid",
  // Not in SearchFieldName, but used by the spec's search examples (ConnectionSearchDirection).
  "/direction",
]);

/** Spec `SortBy`. */
const CONNECTION_SORT_FIELDS = new Set([
  "/name",
  "/direction",
  "/aSide/accessPoint/name",
  "/aSide/accessPoint/type",
  "/aSide/accessPoint/account/accountName",
  "/aSide/accessPoint/location/metroName",
  "/aSide/accessPoint/location/metroCode",
  "/aSide/accessPoint/linkProtocol/vlanCTag",
  "/aSide/accessPoint/linkProtocol/vlanSTag",
  "/zSide/accessPoint/name",
  "/zSide/accessPoint/type",
  "/zSide/accessPoint/role",
  "/zSide/accessPoint/account/accountName",
  "/zSide/accessPoint/location/metroName",
  "/zSide/accessPoint/location/metroCode",
  "/zSide/accessPoint/linkProtocol/vlanCTag",
  "/zSide/accessPoint/linkProtocol/vlanSTag",
  "/zSide/accessPoint/authenticationKey",
  "/bandwidth",
  "/geoScope",
  "/uuid",
  "/changeLog/createdDateTime",
  "/changeLog/updatedDateTime",
  "/operation/equinixStatus",
  "/operation/providerStatus",
  "/redundancy/priority",
]);

const OPERATORS = [
  "=",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "LIKE",
  "ILKE",
  "ILIKE",
  "IS NOT NULL",
  "IS NULL",
  "IN",
  "BETWEEN",
];
const NULL_OPERATORS = ["IS NULL", "IS NOT NULL"];

export const DEFAULT_SORT = { property: "/changeLog/updatedDateTime", direction: "DESC" } as const;

function asObject(value: unknown): Json | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Json) : undefined;
}

function invalid(property: string, reason: string): never {
  throw new V4RequestError([v4Error("invalidSearch", property, reason)]);
}

/** A value of a served object by JSON pointer, with the property aliases of the search enum. */
export function valueAt(item: unknown, pointer: string): unknown {
  const aliased = pointer
    .replace(/^\/changeLog\/lastUpdatedBy$/, "/changeLog/updatedBy")
    .replace(/linkProtocol\/vlanTag(Min|Max)$/, "linkProtocol/vlanTag");
  let value = aliased
    .split("/")
    .slice(1)
    .reduce<unknown>((current, key) => asObject(current)?.[key], item);
  // A QINQ side has no vlanTag: its S-tag stands for the range.
  if (value === undefined && aliased !== pointer && aliased.endsWith("/vlanTag"))
    value = valueAt(item, aliased.replace(/vlanTag$/, "vlanSTag"));
  return value;
}

type Leaf = { property: string; operator: string; values: string[] };
type Expression = { and: Expression[] } | { or: Expression[] } | Leaf;

function readValues(value: unknown, at: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) invalid(`${at}/values`, "values is a list of strings");
  return value.map((item, index) => {
    // The schema says strings; the spec's examples also send numbers and booleans, taken as their text.
    if (typeof item === "string" || typeof item === "number" || typeof item === "boolean")
      return String(item);
    return invalid(`${at}/values/${index}`, "values are strings");
  });
}

function readExpression(value: unknown, at: string, fields: Set<string>): Expression {
  const input = asObject(value);
  if (!input) return invalid(at, "an expression is an object: {and}, {or} or {property, operator, values}");
  const kinds = ["and", "or", "property"].filter((key) => input[key] !== undefined);
  if (kinds.length !== 1) return invalid(at, "an expression has exactly one of and, or, property");
  for (const list of ["and", "or"] as const)
    if (kinds[0] === list) {
      const items = input[list];
      if (!Array.isArray(items) || items.length === 0)
        return invalid(`${at}/${list}`, `${list} is a non-empty list`);
      const expressions = items.map((item, index) => readExpression(item, `${at}/${list}/${index}`, fields));
      return list === "and" ? { and: expressions } : { or: expressions };
    }
  const property = input.property;
  if (typeof property !== "string" || !fields.has(property))
    return invalid(`${at}/property`, `unsupported search property ${JSON.stringify(property)}`);
  const operator = input.operator;
  if (typeof operator !== "string" || !OPERATORS.includes(operator.toUpperCase()))
    return invalid(`${at}/operator`, `operator must be one of ${OPERATORS.join(", ")}`);
  const op = operator.toUpperCase();
  const values = readValues(input.values, at);
  if (!NULL_OPERATORS.includes(op) && values.length === 0)
    return invalid(`${at}/values`, `${op} needs values`);
  if (op === "BETWEEN" && values.length !== 2) return invalid(`${at}/values`, "BETWEEN takes two values");
  return { property, operator: op, values };
}

function compare(actual: unknown, expected: string): number {
  const a = Number(actual);
  const b = Number(expected);
  if (typeof actual !== "boolean" && String(actual).trim() !== "" && expected.trim() !== "")
    if (!Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  const dateA = Date.parse(String(actual));
  const dateB = Date.parse(expected);
  if (!Number.isNaN(dateA) && !Number.isNaN(dateB) && /\d{4}-\d{2}-\d{2}/.test(expected))
    return dateA - dateB;
  const text = String(actual);
  return text < expected ? -1 : text > expected ? 1 : 0;
}

function like(actual: string, pattern: string, insensitive: boolean): boolean {
  const [text, wanted] = insensitive ? [actual.toLowerCase(), pattern.toLowerCase()] : [actual, pattern];
  if (!/[%_]/.test(wanted)) return text.includes(wanted);
  const regex = wanted
    .split("")
    .map((char) => (char === "%" ? ".*" : char === "_" ? "." : char.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`, "s").test(text);
}

function matchesLeaf(item: unknown, { property, operator, values }: Leaf): boolean {
  const actual = valueAt(item, property);
  const present = actual !== undefined && actual !== null;
  switch (operator) {
    case "IS NULL":
      return !present;
    case "IS NOT NULL":
      return present;
  }
  if (!present) return operator === "!=";
  const text = String(actual);
  switch (operator) {
    case "=":
    case "IN":
      return values.includes(text);
    case "!=":
      return !values.includes(text);
    case "LIKE":
      return values.some((value) => like(text, value, false));
    case "ILKE":
    case "ILIKE":
      return values.some((value) => like(text, value, true));
    case ">":
      return compare(actual, values[0]) > 0;
    case ">=":
      return compare(actual, values[0]) >= 0;
    case "<":
      return compare(actual, values[0]) < 0;
    case "<=":
      return compare(actual, values[0]) <= 0;
    case "BETWEEN":
      return compare(actual, values[0]) >= 0 && compare(actual, values[1]) <= 0;
    default:
      return false;
  }
}

function matches(item: unknown, expression: Expression): boolean {
  if ("and" in expression) return expression.and.every((inner) => matches(item, inner));
  if ("or" in expression) return expression.or.some((inner) => matches(item, inner));
  return matchesLeaf(item, expression);
}

export interface Page {
  offset: number;
  limit: number;
}

/** Spec `Pagination` of a response; `next`/`previous` in the spec examples' relative form. */
export function paginationOf({ offset, limit }: Page, total: number, path = "/search") {
  return {
    offset,
    limit,
    total,
    ...(offset + limit < total ? { next: `${path}?offset=${offset + limit}&limit=${limit}` } : {}),
    ...(offset > 0 ? { previous: `${path}?offset=${Math.max(0, offset - limit)}&limit=${limit}` } : {}),
  };
}

function readPage(
  value: unknown,
  maxLimit: number | undefined,
  fail: (property: string, reason: string) => never,
) {
  const input = value === undefined ? {} : asObject(value);
  if (!input) return fail("/pagination", "pagination is an object {offset, limit}");
  const offset = input.offset ?? 0;
  const limit = input.limit ?? 20;
  if (typeof offset !== "number" || !Number.isInteger(offset) || offset < 0)
    fail("/pagination/offset", "offset must be a whole number of at least 0");
  if (
    typeof limit !== "number" ||
    !Number.isInteger(limit) ||
    limit < 1 ||
    (maxLimit !== undefined && limit > maxLimit)
  )
    fail("/pagination/limit", `limit must be a whole number from 1 to ${maxLimit ?? "any"}`);
  return { offset: offset as number, limit: limit as number };
}

interface SortCriterion {
  property: string;
  direction: "ASC" | "DESC";
}

function readSort(value: unknown, fields: Set<string>, fail: (property: string, reason: string) => never) {
  if (value === undefined) return [];
  if (!Array.isArray(value)) return fail("/sort", "sort is a list of {property, direction}");
  return value.map((item, index): SortCriterion => {
    const input = asObject(item);
    const property = input?.property ?? DEFAULT_SORT.property;
    const direction = input?.direction ?? "DESC";
    if (typeof property !== "string" || !fields.has(property))
      fail(`/sort/${index}/property`, `unsupported sort property ${JSON.stringify(property)}`);
    if (direction !== "ASC" && direction !== "DESC")
      fail(`/sort/${index}/direction`, "direction is ASC or DESC");
    return { property: property as string, direction: direction as "ASC" | "DESC" };
  });
}

function sortValue(value: unknown): number | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === "number") return value;
  return String(value);
}

/** Sorts by the criteria, then by `tieBreak` (creation order, newest first). */
function sortItems<T>(
  items: T[],
  criteria: SortCriterion[],
  view: (item: T) => unknown,
  tieBreak: (item: T) => number,
) {
  return [...items].sort((left, right) => {
    for (const { property, direction } of criteria) {
      const a = sortValue(valueAt(view(left), property));
      const b = sortValue(valueAt(view(right), property));
      if (a === b) continue;
      // Missing values last, whatever the direction.
      if (a === undefined) return 1;
      if (b === undefined) return -1;
      const order = a < b ? -1 : 1;
      return direction === "ASC" ? order : -order;
    }
    return tieBreak(right) - tieBreak(left);
  });
}

export interface SearchOptions {
  /** Invented rule `searchLimit`: 100 (the schema's maximum), or undefined for no maximum. */
  maxLimit: number | undefined;
}

/** POST /fabric/v4/connections/search over the served objects the caller can see. Throws V4RequestError. */
export function searchConnections<T>(
  body: unknown,
  items: T[],
  view: (item: T) => unknown,
  seq: (item: T) => number,
  { maxLimit }: SearchOptions,
) {
  if (body !== undefined && !asObject(body)) invalid("/", "the body must be a JSON object");
  const input = asObject(body) ?? {};
  const filter =
    input.filter === undefined
      ? undefined
      : readExpression(input.filter, "/filter", CONNECTION_SEARCH_FIELDS);
  const page = readPage(input.pagination, maxLimit, invalid);
  const requested = readSort(input.sort, CONNECTION_SORT_FIELDS, invalid);
  const criteria = requested.length > 0 ? requested : [{ ...DEFAULT_SORT }];
  const found = items.filter((item) => !filter || matches(view(item), filter));
  const sorted = sortItems(found, criteria, view, seq);
  return {
    pagination: paginationOf(page, found.length),
    sort: criteria,
    data: sorted.slice(page.offset, page.offset + page.limit).map(view),
  };
}

// ---- service profiles ------------------------------------------------------------------------------------------

const PROFILE_SEARCH_FIELDS = [
  "/name",
  "/uuid",
  "/state",
  "/metros/code",
  "/visibility",
  "/type",
  "/project/projectId",
];
const PROFILE_SORT_FIELDS = new Set([
  "/name",
  "/state",
  "/changeLog/createdDateTime",
  "/changeLog/updatedDateTime",
]);

function profileSearchError(error: V4Error): never {
  throw new V4RequestError([error]);
}

/** Spec sp-400-search: EQ-3001022 with `pagination.limit` style property names. */
function profileValueError(property: string, reason: string): never {
  const dotted = property.replace(/^\//, "").replace(/\//g, ".");
  return profileSearchError({
    errorCode: "EQ-3001022",
    errorMessage: `${dotted} : ${reason}`,
    additionalInfo: [{ property: dotted, reason }],
  });
}

function readProfileLeaf(value: unknown, at: string): Leaf {
  const input = asObject(value);
  if (!input) return profileValueError(at, "must be {property, operator, values}");
  if (typeof input.property !== "string" || !PROFILE_SEARCH_FIELDS.includes(input.property))
    return profileSearchError(
      v4Error(
        "unsupportedProfileSearch",
        `${at}/property`,
        String(input.property),
        `Supported search properties are : ${PROFILE_SEARCH_FIELDS.join(",")}`,
      ),
    );
  if (input.operator !== "=")
    return profileSearchError(
      v4Error(
        "unsupportedProfileSearch",
        `${at}/operator`,
        String(input.operator),
        "Supported search operator is : =",
      ),
    );
  return { property: input.property, operator: "=", values: readValues(input.values, at) };
}

function matchesProfile(item: unknown, { property, values }: Leaf): boolean {
  if (property === "/metros/code") {
    const metros = (asObject(item)?.metros as { code: string }[] | undefined) ?? [];
    return metros.some((metro) => values.includes(metro.code));
  }
  const actual = valueAt(item, property);
  return actual !== undefined && values.includes(String(actual));
}

/** POST /fabric/v4/serviceProfiles/search over served profiles. Throws V4RequestError. */
export function searchProfiles(body: unknown, profiles: unknown[]) {
  const input = asObject(body) ?? {};
  let leaves: Leaf[] = [];
  if (input.filter !== undefined) {
    const filter = asObject(input.filter);
    if (filter && Array.isArray(filter.and))
      leaves = filter.and.map((item, index) => readProfileLeaf(item, `/filter/and/${index}`));
    else leaves = [readProfileLeaf(filter, "/filter")];
  }
  const page = readPage(input.pagination, undefined, (property, reason) =>
    profileValueError(property, reason.replace(/^limit must be.*/, "must be greater than or equal to 1")),
  );
  const criteria = readSort(input.sort, PROFILE_SORT_FIELDS, profileValueError);
  const found = profiles.filter((profile) => leaves.every((leaf) => matchesProfile(profile, leaf)));
  const sorted = sortItems(
    found,
    criteria.length > 0 ? criteria : [{ ...DEFAULT_SORT }],
    (item) => item,
    () => 0,
  );
  return {
    pagination: paginationOf(page, found.length),
    data: sorted.slice(page.offset, page.offset + page.limit),
  };
}
