/**
 * Progress lines for the person running `pulumi up` while a create, update or delete waits.
 *
 * A dynamic provider runs in its own process (`pulumi-resource-pulumi-nodejs`), which the engine starts with
 * the engine's gRPC address as its first argument. The provider host never connects back to it, so plain
 * `pulumi.log` calls go nowhere there. We open that connection ourselves and send each line as an engine `Log`
 * message **on the resource's own row**: the lifecycle runs each operation with the resource's URN (which the
 * resource class passes as the `__urn` input, from `pulumi.createUrn`). A status line is *ephemeral*: the CLI
 * shows it on the row ("creating (2m13s) … waiting for the seller to approve") and drops it from the final
 * "Diagnostics"; a line about a transition that matters (approved, rejected, timed out) is *durable* and stays.
 * Outside the provider host (unit tests, scripts) lines go to stderr, and listeners can observe them.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { dirname } from "node:path";
import { redact } from "./errors";

/** A progress line, with where it belongs and whether it stays in the summary. */
export interface ProgressLine {
  text: string;
  /** The resource the line is about ("" when unknown: the stack's row). */
  urn: string;
  /** True for a transition that matters (kept in the Diagnostics); false for a passing status. */
  durable: boolean;
}

type Listener = (line: string, details: ProgressLine) => void;
const listeners = new Set<Listener>();

/** Observes progress lines (tests, the demo runner). Returns a function that stops observing. */
export function onProgress(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const operation = new AsyncLocalStorage<{ urn: string }>();

/** Runs `fn` with progress lines attached to the resource `urn` (when it is one). */
export function withProgressUrn<T>(urn: unknown, fn: () => Promise<T>): Promise<T> {
  return typeof urn === "string" && urn.startsWith("urn:pulumi:") ? operation.run({ urn }, fn) : fn();
}

interface EngineLog {
  send(line: ProgressLine): Promise<void>;
}

let engine: EngineLog | null | undefined;
let lastSend: Promise<void> = Promise.resolve();

/** The engine connection, when this process is the dynamic-provider host started by the Pulumi engine. */
function engineLog(): EngineLog | null {
  if (engine !== undefined) return engine;
  engine = null;
  const address = process.argv[2];
  const isProviderHost = /dynamic-provider/.test(process.argv[1] ?? "");
  if (!isProviderHost || !address || !/^[\w.[\]:-]+:\d+$/.test(address)) return engine;
  try {
    // The SDK's own grpc-js, which its generated client was made with (this package does not depend on one).
    const sdk = dirname(require.resolve("@pulumi/pulumi/package.json"));
    const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
    const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const engineProto = require("@pulumi/pulumi/proto/engine_pb");
    const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
    engine = {
      send: (line: ProgressLine) =>
        new Promise<void>((resolve, reject) => {
          const request = new engineProto.LogRequest();
          request.setSeverity(engineProto.LogSeverity.INFO);
          request.setMessage(line.text);
          request.setUrn(line.urn);
          // Ephemeral needs a row to show on: a line without a URN stays durable, or nobody would see it.
          request.setEphemeral(!line.durable && line.urn !== "");
          client.log(request, (err: Error | null) => (err ? reject(err) : resolve()));
        }),
    };
  } catch {
    engine = null;
  }
  return engine;
}

/**
 * Shows one progress line now, on the row of the resource being worked on. `durable` lines (a transition that
 * matters) stay in the CLI's summary; the others show on the row while they are current. Never throws: progress
 * must not break the operation it describes.
 */
export function reportProgress(text: string, options: { durable?: boolean } = {}): void {
  const line: ProgressLine = {
    text: redact(text),
    urn: operation.getStore()?.urn ?? "",
    durable: options.durable ?? false,
  };
  for (const l of listeners) l(line.text, line);
  const target = engineLog();
  if (target) {
    // Keep lines in order; fall back to stderr if the engine refuses one.
    lastSend = lastSend
      .then(() => target.send(line))
      .catch(() => void process.stderr.write(`${line.text}\n`));
  } else if (process.env.INTERCONNECT_QUIET !== "1") {
    process.stderr.write(`${line.text}\n`);
  }
}
