/**
 * Seed 002: Oracle FastConnect through Console Connect. It is a company-to-company connection to the company
 * `oracle`, and Console Connect Support completes it: the Oracle OCID is not an API field, so you send it to
 * support@consoleconnect.com with the connection id (the `supportRequest` output says exactly what to send).
 *
 * By default `pulumi up` returns once the request is submitted (waitForActive: false), since Support works by
 * hand; `pulumi config set waitForActive true` makes it wait until the connection is ACTIVE instead.
 *
 * Against the emulator (`npm run emulator -- consoleconnect`), set only:
 *   CONSOLE_CONNECT_API_URL=http://127.0.0.1:18082
 *   CONSOLE_CONNECT_API_KEY=cc-demo-key-acme-networks-admin
 * (emulated Support completes the Oracle side by itself after a few seconds). Against Console Connect, set your
 * API key, `pulumi config set sourcePort …`, `oracleMetro …` and `oracleOcid ocid1.virtualcircuit…`.
 */
import * as pulumi from "@pulumi/pulumi";
import { consoleconnect } from "pulumi-interconnect";

const config = new pulumi.Config();
const ocid = config.get("oracleOcid") ?? "<your FastConnect virtual circuit OCID>";

// Choosing your source port.
const source = consoleconnect.getPort(config.get("sourcePort") ?? "My-Port-1");
// Finding an available Oracle NNI: Oracle's metro capabilities give destMetroId (id) and destDcf
// (firstDataCenterFacilityIdInMetro).
const metro = consoleconnect.getMetro("oracle", config.get("oracleMetro") ?? "HKG");

const connection = new consoleconnect.Layer2Connection("oracle-fastconnect", {
  name: config.get("connectionName") ?? "DEMO-L2-ORACLE",
  portId: source.then((p) => p.id),
  destCompany: "oracle",
  destMetroId: metro.then((m) => m.id),
  destDcf: metro.then((m) => m.firstDataCenterFacilityIdInMetro!),
  speed: config.getNumber("speed") ?? 100,
  paymentType: "invoice",
  duration: 1,
  durationUnit: "m",
  classOfService: "SILVER",
  evergreen: true,
  waitForActive: config.getBoolean("waitForActive") ?? false,
});

export const connectionId = connection.connectionId;
export const status = connection.status;
export const oracleMetro = metro.then((m) => m.name);
export const supportRequest = pulumi.interpolate`Email support@consoleconnect.com: "Please complete Oracle FastConnect for Console Connect connection ${connection.connectionId} (${connection.name}, ${connection.speed} Mbps); our Oracle OCID is ${ocid}."`;
