/** Field rules shared by create and update (api-notes §3, seed 001). Each reader records its errors in `errors`. */
import { ERROR_CODES, EquinixError } from "./errors";
import type { SeedProfile, SpeedBand } from "./seed";

/** A request value and the property an error about it names. */
export interface RequestField {
  value: unknown;
  property: string;
}

export const MAX_NAME_LENGTH = 24;

/** Letters, digits, "_" and "-" (seen in real names), words separated by single spaces (the API's 400 text). */
const NAME_PATTERN = /^[A-Za-z0-9_-]+( [A-Za-z0-9_-]+)*$/;

export const VLAN_TAG_RANGE = { min: 2, max: 4094 } as const;

/** undefined when absent (null and "" count as absent); NaN when present but not a whole number. */
export function toWholeNumber(value: unknown): number | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (typeof value === "number") return Number.isInteger(value) ? value : NaN;
  // The API documentation sends numbers as JSON strings ("873"); clients send integers.
  if (typeof value === "string" && /^\d+$/.test(value)) return Number(value);
  return NaN;
}

export function isAbsent(value: unknown): boolean {
  return value === undefined || value === null;
}

/** `label` is how the API's message names the field, e.g. "Primary Connection Name". */
export function readName(field: RequestField, label: string, errors: EquinixError[]): string | undefined {
  const invalid = (moreInfo: string) => {
    errors.push({
      errorCode: ERROR_CODES.invalidRequest,
      errorMessage: "Invalid Request",
      property: field.property,
      moreInfo,
    });
    return undefined;
  };
  const { value } = field;
  if (typeof value !== "string" || value.length === 0) return invalid(`Required: ${label} is mandatory`);
  if (value.length > MAX_NAME_LENGTH)
    return invalid(`Size: Max ${MAX_NAME_LENGTH} characters are allowed for ${label}`);
  if (!NAME_PATTERN.test(value))
    return invalid("Pattern: Only number,characters,'_','-' and space between words are allowed");
  return value;
}

/** The tag; undefined when absent; NaN (error recorded) when invalid. */
export function readVlanTag(
  field: RequestField,
  errors: EquinixError[],
  required = false,
): number | undefined {
  const tag = toWholeNumber(field.value);
  if (tag === undefined && !required) return undefined;
  if (tag === undefined || Number.isNaN(tag) || tag < VLAN_TAG_RANGE.min || tag > VLAN_TAG_RANGE.max) {
    errors.push({
      errorCode: ERROR_CODES.vlanRange,
      errorMessage: "Invalid VLAN tag",
      property: field.property,
      moreInfo: `${field.property} must be a whole number from ${VLAN_TAG_RANGE.min} to ${VLAN_TAG_RANGE.max}`,
    });
    return NaN;
  }
  return tag;
}

export function invalidField(property: string, moreInfo: string): EquinixError {
  return { errorCode: ERROR_CODES.invalidField, errorMessage: "Invalid field value", property, moreInfo };
}

/** An optional string field; undefined when absent or invalid (error recorded). */
export function readOptionalString(field: RequestField, errors: EquinixError[]): string | undefined {
  if (isAbsent(field.value)) return undefined;
  if (typeof field.value === "string") return field.value;
  errors.push(invalidField(field.property, `${field.property} must be a string`));
  return undefined;
}

function inMegabits({ speed, unit }: SpeedBand): number {
  return unit === "GB" ? speed * 1000 : speed;
}

function describeBand({ speed, unit }: SpeedBand): string {
  return `${speed} ${unit}`;
}

/** Speed and unit together; the profile's speed bands apply unless it allows custom speeds. */
export function readSpeed(
  speedField: RequestField,
  unitField: RequestField,
  profile: SeedProfile | undefined,
  errors: EquinixError[],
): SpeedBand | undefined {
  const speedError = (property: string, moreInfo: string) => {
    errors.push({ errorCode: ERROR_CODES.speed, errorMessage: "Invalid speed", property, moreInfo });
    return undefined;
  };
  const speed = toWholeNumber(speedField.value);
  const unit = unitField.value;
  if (speed === undefined || Number.isNaN(speed) || speed < 1)
    return speedError(speedField.property, `${speedField.property} must be a whole number of at least 1`);
  if (unit !== "MB" && unit !== "GB")
    return speedError(unitField.property, `${unitField.property} must be "MB" or "GB"`);
  const requested: SpeedBand = { speed, unit };
  if (
    profile &&
    !profile.allowCustomSpeed &&
    !profile.speedBands.some((b) => inMegabits(b) === inMegabits(requested))
  )
    return speedError(
      speedField.property,
      `${describeBand(requested)} is not offered by ${profile.name}; ` +
        `speed bands: ${profile.speedBands.map(describeBand).join(", ")}`,
    );
  return requested;
}

/** Several rules can report the same problem (a secondary inherits the primary's fields): report it once. */
export function uniqueErrors(errors: EquinixError[]): EquinixError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = JSON.stringify(error);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
