/** Valid props for each resource type; tests override single properties to make them violate. */
import {
  CONSOLECONNECT_LAYER2_CONNECTION,
  EQUINIX_L2_CONNECTION,
  OVH_DATACENTER_CONFIG,
  OVH_DATACENTER_EXTRA_CONFIG,
  OVH_POP_CONFIG,
} from "../../policy/types";
import type { HandResource } from "./harness";

/** Never printed by any policy; tests assert it stays out of messages. */
export const AUTH_KEY = "secret-aws-account-314159";

export const SERVICE = "6c8f0a3e-1d0b-4f59-9a3d-5b1f7c2e9d10";

export function equinix(name: string, props: Record<string, unknown> = {}): HandResource {
  return {
    type: EQUINIX_L2_CONNECTION,
    name,
    props: {
      name: "acme-aws-fra-pri",
      profileUuid: "a1b2c3d4-0000-4000-8000-000000000001",
      speed: 1,
      speedUnit: "GB",
      notifications: ["noc@example.com"],
      purchaseOrderNumber: "PO-1",
      authorizationKey: AUTH_KEY,
      sellerRegion: "eu-central-1",
      sellerMetroCode: "FR",
      portUuid: "port-a",
      vlanSTag: 100,
      secondaryConnection: { name: "acme-aws-fra-sec", portUuid: "port-b", vlanSTag: 100 },
      ...props,
    },
  };
}

export function consoleConnect(name: string, props: Record<string, unknown> = {}): HandResource {
  return {
    type: CONSOLECONNECT_LAYER2_CONNECTION,
    name,
    props: {
      companyUsername: "acme",
      name: "acme-to-oracle",
      portId: "cc-port-1",
      destPortId: "cc-port-9",
      destCompany: "oracle",
      destMetroId: "metro-fra",
      speed: 1000,
      paymentType: "invoice",
      duration: 1,
      durationUnit: "m",
      evergreen: true,
      classOfService: "SILVER",
      srcVlanRequest: 200,
      destVlanRequest: 300,
      ...props,
    },
  };
}

export function pop(name: string, props: Record<string, unknown> = {}): HandResource {
  return {
    type: OVH_POP_CONFIG,
    name,
    props: {
      serviceName: SERVICE,
      interfaceId: 1234,
      type: "l3",
      customerBgpArea: 65005,
      ovhBgpArea: 65006,
      subnet: "10.10.12.0/30",
      popId: 77,
      ...props,
    },
  };
}

export function datacenter(name: string, props: Record<string, unknown> = {}): HandResource {
  return {
    type: OVH_DATACENTER_CONFIG,
    name,
    props: {
      serviceName: SERVICE,
      popId: 77,
      datacenterId: 6,
      ovhBgpArea: 65008,
      subnet: "10.0.0.0/28",
      configId: 501,
      ...props,
    },
  };
}

export function staticRoute(name: string, props: Record<string, unknown> = {}): HandResource {
  return {
    type: OVH_DATACENTER_EXTRA_CONFIG,
    name,
    props: {
      serviceName: SERVICE,
      popId: 77,
      datacenterConfigId: 501,
      type: "network",
      nextHop: "10.0.0.5",
      subnet: "192.168.2.0/24",
      ...props,
    },
  };
}

export function bgpSession(name: string, props: Record<string, unknown> = {}): HandResource {
  return {
    type: OVH_DATACENTER_EXTRA_CONFIG,
    name,
    props: {
      serviceName: SERVICE,
      popId: 77,
      datacenterConfigId: 501,
      type: "bgp",
      bgpNeighborArea: 65010,
      bgpNeighborIp: "10.0.0.6",
      ...props,
    },
  };
}
