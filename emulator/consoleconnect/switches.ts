/**
 * The Console Connect emulator's switches, where Console Connect's API specification leaves a choice open or the
 * emulator enforces what it does not say. Set by the factory options, changed by
 * PATCH /__emulator/consoleconnect/switches, back to the factory options on reset.
 */
import { z } from "zod";

export interface ConsoleConnectSwitches {
  /**
   * Invented rule (on by default): GET /api/v2/company/{username}/connections without `status`, `page` or
   * `count` is refused with a 400. The specification marks the three query parameters required but documents no
   * answer for a request without them.
   */
  requireListParameters: boolean;
  /**
   * Invented shape (off by default): the connection list answers `{total, results}`, as this emulator used to.
   * The specification's answer is ConnectionModel with no envelope, so by default the list is a bare array of
   * connections.
   */
  listEnvelope: boolean;
  /**
   * Off by default (404): a connection the caller's company does not know is answered 400 with the LoopBack error
   * body instead, as the specification allows (it documents no 404 for reading, changing or deleting one).
   */
  notFoundAs400: boolean;
}

export type ConsoleConnectSwitchesInput = Partial<ConsoleConnectSwitches>;

export const switchesSchema = z
  .object({
    requireListParameters: z.boolean().optional(),
    listEnvelope: z.boolean().optional(),
    notFoundAs400: z.boolean().optional(),
  })
  .strict();

export function initialSwitches(input: ConsoleConnectSwitchesInput = {}): ConsoleConnectSwitches {
  return {
    requireListParameters: input.requireListParameters ?? true,
    listEnvelope: input.listEnvelope ?? false,
    notFoundAs400: input.notFoundAs400 ?? false,
  };
}
