/**
 * Seed 003, part I: a Layer 2 connection between two of your own ports.
 *
 * Against the emulator (`npm run emulator -- consoleconnect`), set only:
 *   CONSOLE_CONNECT_API_URL=http://127.0.0.1:18082
 *   CONSOLE_CONNECT_API_KEY=cc-demo-key-acme-networks-admin
 * Against Console Connect, set your API key (or `pulumi config set --secret interconnect:consoleConnectApiKey …`)
 * and your ports' names: `pulumi config set sourcePort …` and `pulumi config set destinationPort …`.
 */
import * as pulumi from "@pulumi/pulumi";
import { consoleconnect } from "pulumi-interconnect";

const config = new pulumi.Config();

// I.I: list your ports (GET /api/company/{you}/ports?deleted=false) and take the two ids, and the
// destination port's metro.
const company = consoleconnect.getCompanyUsername();
const source = consoleconnect.getPort(config.get("sourcePort") ?? "My-Port-1");
const destination = consoleconnect.getPort(config.get("destinationPort") ?? "My-Port-2");

// I.II: the port-to-port request; destCompany is your own company.
const connection = new consoleconnect.Layer2Connection("port-to-port", {
  companyUsername: company,
  name: config.get("connectionName") ?? "DEMO-L2-S2S",
  portId: source.then((p) => p.id),
  destPortId: destination.then((p) => p.id),
  destCompany: company,
  destMetroId: destination.then((p) => p.metroId!),
  speed: config.getNumber("speed") ?? 100,
  paymentType: "invoice",
  duration: 1,
  durationUnit: "m",
  classOfService: "SILVER",
  evergreen: true,
});

export const connectionId = connection.connectionId;
export const status = connection.status;
export const speedMbps = connection.speed;
export const sourceVlan = connection.srcVlan;
export const destinationVlan = connection.destVlan;
