/**
 * Seed 001: "Rename the primaryName to John_Demo_Connection".
 *
 *   pulumi up                                          # creates JohnDoe_Dot1Q_To_Dot1Q and its secondary
 *   pulumi config set primaryName John_Demo_Connection
 *   pulumi preview                                     # ~ update [diff: ~name]: in place, no replacement
 *   pulumi up                                          # PATCH /ecx/v3/l2/connections/{uuid}?action=update
 *
 * The uuid stays the same: the connection is renamed, not rebuilt.
 *
 * Seed 001 documents Equinix's ECX v3 API (POST /ecx/v3/l2/connections). Equinix shut ECX v3 down in June 2024
 * (terraform-provider-equinix PR #683, whose v2.0.0 removed the ECX resources); this example keeps the seed's shape
 * and runs on v3 against the emulator: its Pulumi.yaml sets `interconnect:equinixApiVersion: v3`, and the profile
 * UUIDs are the v3 emulator's seed. On Fabric v4 (the default), see examples/equinix-aws, -azure, -google and
 * docs/equinix.md.
 * On Fabric v4 the same rename is one JSON-patch per leg (`replace /name`), equally in place.
 */
import * as pulumi from "@pulumi/pulumi";
import { equinix } from "pulumi-interconnect";

const config = new pulumi.Config();
const ports = equinix.getUserPorts();
const portNamed = (name: string) =>
  ports.then((all) => {
    const port = all.find((p) => p.name === name);
    if (!port) throw new Error(`no port named ${name}`);
    return port.uuid;
  });

const connection = new equinix.L2Connection("connection", {
  name: config.get("primaryName") ?? "JohnDoe_Dot1Q_To_Dot1Q",
  profileUuid: config.get("profileUuid") ?? "7a73af1a-3d74-47ac-b778-6bf455d1174e",
  speed: 50,
  speedUnit: "MB",
  notifications: ["JohnDoe@equinix.com"],
  sellerMetroCode: "SV",
  portUuid: portNamed(config.get("primaryPort") ?? "SV1-DEMO-DOT1Q-PRI"),
  vlanSTag: 900,
  secondaryConnection: {
    name: "JohnDoe_Dot1Q_To_Dot1Q_2",
    portUuid: portNamed(config.get("secondaryPort") ?? "SV1-DEMO-DOT1Q-SEC"),
    vlanSTag: 900,
  },
});

export const uuid = connection.uuid;
export const name = connection.name;
export const status = connection.status;
