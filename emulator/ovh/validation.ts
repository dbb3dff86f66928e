/**
 * Reading the POST bodies the way the API does: typed fields (`long`, `ipv4`, `ipv4Block`, enums), the first
 * problem reported as a 400 with a message in OVH's style ("Missing parameter(s): interfaceId").
 */
import { Ipv4Cidr, blockSize, hostOffset, isIpv4, isNetworkAddress, networkOf, parseCidr } from "./ipv4";

/** Addresses OVHcloud keeps in a datacenter subnet: .0 network, .1 VRRP gateway, .2/.3 its routers. */
const KEPT_OFFSETS = [0, 1, 2, 3];

export class BodyReader {
  /** The first problem found; the request is refused with it. */
  problem: string | undefined;
  private readonly fields: Record<string, unknown>;

  constructor(body: unknown) {
    const isObject = typeof body === "object" && body !== null && !Array.isArray(body);
    this.fields = isObject ? (body as Record<string, unknown>) : {};
    if (!isObject) this.fail("The request body must be a JSON object");
  }

  fail(message: string): void {
    this.problem ??= message;
  }

  private value(key: string, required: boolean): unknown {
    const value = this.fields[key];
    if (value !== undefined && value !== null) return value;
    if (required) this.fail(`Missing parameter(s): ${key}`);
    return undefined;
  }

  long(key: string, required: boolean, range?: { min: number; max: number }): number | null {
    const value = this.value(key, required);
    if (value === undefined) return null;
    if (typeof value !== "number" || !Number.isInteger(value)) {
      this.fail(`Invalid value for ${key}: a long is expected`);
      return null;
    }
    if (range && (value < range.min || value > range.max))
      this.fail(`Invalid value for ${key}: ${value} is not between ${range.min} and ${range.max}`);
    return value;
  }

  asn(key: string, required: boolean): number | null {
    return this.long(key, required, { min: 1, max: 4294967295 });
  }

  choice<T extends string>(key: string, values: readonly T[]): T | null {
    const value = this.value(key, true);
    if (value === undefined) return null;
    if (typeof value === "string" && (values as readonly string[]).includes(value)) return value as T;
    this.fail(`Invalid value for ${key}: ${JSON.stringify(value)} is not one of ${values.join(", ")}`);
    return null;
  }

  ipv4(key: string, required: boolean): string | null {
    const value = this.value(key, required);
    if (value === undefined) return null;
    if (typeof value === "string" && isIpv4(value)) return value;
    this.fail(`Invalid value for ${key}: ${JSON.stringify(value)} is not an IPv4 address`);
    return null;
  }

  /** An `ipv4Block`, written as its network address. */
  block(key: string, required: boolean): Ipv4Cidr | null {
    const value = this.value(key, required);
    if (value === undefined) return null;
    const cidr = typeof value === "string" ? parseCidr(value) : undefined;
    if (!cidr) this.fail(`Invalid value for ${key}: ${JSON.stringify(value)} is not an IPv4 block`);
    else if (!isNetworkAddress(cidr))
      this.fail(`Invalid value for ${key}: ${String(value)} is not a network address (${networkOf(cidr)})`);
    return cidr ?? null;
  }

  /** Fields that do not apply here must be left out (or null). */
  absent(keys: readonly string[], why: string): void {
    for (const key of keys)
      if (this.fields[key] !== undefined && this.fields[key] !== null) this.fail(`Parameter ${key} ${why}`);
  }
}

/** Checks that `address` (field `key`) is one of the customer's addresses in a datacenter subnet. */
export function checkCustomerAddress(
  reader: BodyReader,
  key: string,
  address: string | null,
  subnet: string,
): void {
  const cidr = parseCidr(subnet);
  if (address === null || !cidr) return;
  const offset = hostOffset(cidr, address);
  if (offset === undefined)
    reader.fail(`Invalid value for ${key}: ${address} is not in the datacenter subnet ${subnet}`);
  else if (KEPT_OFFSETS.includes(offset) || offset === blockSize(cidr) - 1)
    reader.fail(`Invalid value for ${key}: ${address} is reserved in the datacenter subnet ${subnet}`);
}

/** Path parameters typed `long`; undefined when the text is not one. */
export function longParam(text: string): number | undefined {
  return /^[0-9]{1,18}$/.test(text) ? Number(text) : undefined;
}
