/** Imported first by provider.emulator.inventedOff.test.ts: every testbed of that file has the invented rules off. */
import { testbedDefaults } from "./testbed";

testbedDefaults.inventedRules = false;
