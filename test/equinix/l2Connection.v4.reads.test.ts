/**
 * The shared reads of Fabric v4 waits (one search by uuid per tick): a connection the search did not return — a
 * search index that lags behind a create — is read with a GET, never taken for gone.
 */
import { describe, expect, it } from "vitest";
import { VirtualClock, useWaitClock } from "../../provider/core/wait";
import { connectionReads } from "../../provider/equinix/l2Connection/v4";
import type { FabricV4 } from "../../provider/equinix/v4/client";
import type { Connection } from "../../provider/equinix/v4/types";

const connection = (uuid: string): Connection => ({ uuid, name: uuid, state: "ACTIVE" }) as Connection;

describe("Fabric v4 shared reads", () => {
  it("reads with a GET the connections a search by uuid left out", async () => {
    const calls: string[] = [];
    const api = {
      client: { accountKey: "stub-account" },
      searchConnections: async (filter: { values: string[] }) => {
        calls.push(`search ${filter.values.join(",")}`);
        // The index has not seen "c" yet.
        return filter.values.filter((u) => u !== "c").map(connection);
      },
      getConnection: async (uuid: string) => {
        calls.push(`GET ${uuid}`);
        return connection(uuid);
      },
    } as unknown as FabricV4;
    const restore = useWaitClock(new VirtualClock(0, 1));
    try {
      const reads = connectionReads(api);
      const found = await Promise.all(["a", "b", "c"].map((uuid) => reads.poll(uuid)()));
      expect(found.map((c) => c?.uuid)).toEqual(["a", "b", "c"]);
      expect(calls).toEqual(["search a,b,c", "GET c"]);
    } finally {
      restore();
    }
  });
});
