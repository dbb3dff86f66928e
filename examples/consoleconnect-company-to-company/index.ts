/**
 * Seed 003, part II: a Layer 2 connection to another company. That company picks its port and approves the
 * request; `pulumi up` shows that it is waiting for it.
 *
 * Against the emulator (`npm run emulator -- consoleconnect`), set only:
 *   CONSOLE_CONNECT_API_URL=http://127.0.0.1:18082
 *   CONSOLE_CONNECT_API_KEY=cc-demo-key-acme-networks-admin
 * (the emulated partner, globex-cloud, approves by itself after a few seconds). Against Console Connect, set your
 * API key and `pulumi config set sourcePort …`, `destinationCompany …` (a company username) and
 * `destinationMetro …` (a metro code or name).
 */
import * as pulumi from "@pulumi/pulumi";
import { consoleconnect } from "pulumi-interconnect";

const config = new pulumi.Config();
const destinationCompany = config.get("destinationCompany") ?? "globex-cloud";

// II.I: your source port.
const source = consoleconnect.getPort(config.get("sourcePort") ?? "My-Port-1");
// II.II: the destination company's metro presence: the metro id and one of its region ids.
const metro = consoleconnect.getMetro(destinationCompany, config.get("destinationMetro") ?? "HKG");
// II.III: the ready data-center facilities of that metro; take the named one, or the first.
const facility = metro.then(async (m) => {
  const facilities = await consoleconnect.getDataCenterFacilities(m.id);
  const wanted = config.get("destinationFacility");
  const found = wanted ? facilities.find((f) => f.name === wanted) : facilities[0];
  if (!found) throw new Error(`no data-center facility "${wanted}" in ${m.name}`);
  return found;
});

// II.IV: the company-to-company request: no destPortId; destDcf, destMetroId and destRegionId instead.
const connection = new consoleconnect.Layer2Connection("company-to-company", {
  name: config.get("connectionName") ?? "DEMO-L2-B2B",
  portId: source.then((p) => p.id),
  destCompany: destinationCompany,
  destDcf: facility.then((f) => f.id),
  destMetroId: metro.then((m) => m.id),
  destRegionId: metro.then((m) => m.regionIds[0]),
  speed: config.getNumber("speed") ?? 100,
  paymentType: "invoice",
  duration: 1,
  durationUnit: "m",
  classOfService: "SILVER",
  evergreen: true,
  timeouts: { create: config.get("createTimeout") ?? "30m", update: config.get("updateTimeout") ?? "30m" },
});

export const connectionId = connection.connectionId;
export const status = connection.status;
export const speedMbps = connection.speed;
export const destinationFacility = facility.then((f) => f.name);
export const sourceVlan = connection.srcVlan;
export const destinationVlan = connection.destVlan;
