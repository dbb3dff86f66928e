/**
 * Equinix Fabric v4 beside v3 on the same emulator: same app (faults, request log, clock), same token endpoint,
 * same ports and VLAN inventory. See docs/equinix-emulator.md.
 */
import type { FastifyRequest } from "fastify";
import type { Emulator } from "../../core";
import type { TokenCheck } from "../auth";
import type { ConnectionStore } from "../connections";
import { registerFabricV4Control } from "./control";
import { FABRIC_V4_PREFIX, registerFabricV4Routes } from "./routes";
import {
  DEFAULT_FABRIC_V4_SETTINGS,
  FabricV4Options,
  FabricV4Settings,
  applySettingsPatch,
} from "./settings";
import { FabricV4Store, SavedFabricV4 } from "./store";

export { FABRIC_V4_CONTROL_PREFIX } from "./control";
export { V4_ERROR_CODES, fabricV4ErrorBody } from "./errors";
export type { V4Error } from "./errors";
export { FABRIC_V4_PREFIX } from "./routes";
export * from "./seed";
export { DEFAULT_FABRIC_V4_SETTINGS, INVENTED_RULES } from "./settings";
export type { Approval, FabricV4Options, FabricV4Settings, InventedRule } from "./settings";
export type { SavedFabricV4 } from "./store";

export interface FabricV4 {
  save(): SavedFabricV4;
  load(saved: SavedFabricV4 | undefined): void;
}

export function isFabricV4Path(url: string): boolean {
  return (
    url === FABRIC_V4_PREFIX ||
    url.startsWith(`${FABRIC_V4_PREFIX}/`) ||
    url.startsWith(`${FABRIC_V4_PREFIX}?`)
  );
}

export function registerFabricV4(
  emulator: Emulator,
  {
    v3,
    checkToken,
    options = {},
  }: { v3: ConnectionStore; checkToken: (request: FastifyRequest) => TokenCheck; options?: FabricV4Options },
): FabricV4 {
  const initial = applySettingsPatch(DEFAULT_FABRIC_V4_SETTINGS, options);
  let settings: FabricV4Settings = initial;
  const getSettings = () => settings;
  const store = new FabricV4Store(emulator.clock, getSettings, v3);
  // Invented: v3 and v4 share the ports (one account): a tag taken through one API is taken for the other.
  v3.shareVlansWith((portUuid) => store.ownVlanHolders(portUuid));
  emulator.onReset(() => {
    store.clear();
    settings = initial;
  });

  registerFabricV4Routes(emulator.app, {
    store,
    v3,
    clock: emulator.clock,
    settings: getSettings,
    checkToken,
  });
  registerFabricV4Control(emulator, {
    store,
    settings: getSettings,
    updateSettings(patch) {
      const before = settings;
      settings = applySettingsPatch(settings, patch);
      if (
        JSON.stringify([before.sellerApproval, before.awsAcceptance]) !==
        JSON.stringify([settings.sellerApproval, settings.awsAcceptance])
      )
        store.rescheduleApprovals();
      return settings;
    },
  });
  return { save: () => store.save(), load: (saved) => store.load(saved) };
}
