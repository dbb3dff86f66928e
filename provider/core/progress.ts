/**
 * Progress lines for the person running `pulumi up` while a create, update or delete waits.
 *
 * A dynamic provider runs in its own process (`pulumi-resource-pulumi-nodejs`), which the engine starts with
 * the engine's gRPC address as its first argument. The provider host never connects back to it, so plain
 * `pulumi.log` calls go nowhere there. We open that connection ourselves and send each line as an engine
 * `Log` message: the CLI prints it while the operation is still running, and again in its "Diagnostics"
 * summary. Outside the provider host (unit tests, scripts) lines go to stderr, and listeners can observe them.
 */
import { redact } from "./errors";

type Listener = (line: string) => void;
const listeners = new Set<Listener>();

/** Observes progress lines (tests, the demo runner). Returns a function that stops observing. */
export function onProgress(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

interface EngineLog {
  send(message: string): Promise<void>;
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
    const grpc = require("@grpc/grpc-js");
    const engineRpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
    const engineProto = require("@pulumi/pulumi/proto/engine_pb");
    const client = new engineRpc.EngineClient(address, grpc.credentials.createInsecure());
    engine = {
      send: (message: string) =>
        new Promise<void>((resolve, reject) => {
          const request = new engineProto.LogRequest();
          request.setSeverity(engineProto.LogSeverity.INFO);
          request.setMessage(message);
          request.setUrn("");
          request.setEphemeral(false);
          client.log(request, (err: Error | null) => (err ? reject(err) : resolve()));
        }),
    };
  } catch {
    engine = null;
  }
  return engine;
}

/** Shows one progress line now. Never throws: progress must not break the operation it describes. */
export function reportProgress(text: string): void {
  const line = redact(text);
  for (const l of listeners) l(line);
  const target = engineLog();
  if (target) {
    // Keep lines in order; fall back to stderr if the engine refuses one.
    lastSend = lastSend.then(() => target.send(line)).catch(() => void process.stderr.write(`${line}\n`));
  } else if (process.env.INTERCONNECT_QUIET !== "1") {
    process.stderr.write(`${line}\n`);
  }
}
