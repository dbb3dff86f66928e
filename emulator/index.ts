/** Local emulators of the vendor APIs, for tests, examples and demos. */
export * from "./core";
export * from "./equinix";
export * from "./ovh";
export * from "./consoleconnect";
export * from "./all";
