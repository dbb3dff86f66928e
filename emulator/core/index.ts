export * from "./clock";
export * from "./emulator";
export * from "./faults";
export * from "./rateLimit";
export * from "./requestLog";
