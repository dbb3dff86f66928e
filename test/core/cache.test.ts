import { describe, expect, it } from "vitest";
import { TokenCache, sharedPerKey } from "../../provider/core/cache";

describe("sharedPerKey", () => {
  it("shares one pending promise per key and forgets a failure", async () => {
    const cache = new Map<string, Promise<number>>();
    let calls = 0;
    const start = async () => ++calls;
    expect(await Promise.all([sharedPerKey(cache, "a", start), sharedPerKey(cache, "a", start)])).toEqual([
      1, 1,
    ]);
    expect(await sharedPerKey(cache, "b", start)).toBe(2);
    await expect(sharedPerKey(cache, "c", () => Promise.reject(new Error("down")))).rejects.toThrow("down");
    expect(await sharedPerKey(cache, "c", start)).toBe(3);
  });
});

describe("TokenCache", () => {
  const issuer = (lifetimeSeconds = 3600) => {
    let issued = 0;
    return {
      count: () => issued,
      issue: async () => ({ token: `t${++issued}`, expiresInSeconds: lifetimeSeconds }),
    };
  };

  it("asks once for concurrent callers and reuses the token until its margin", async () => {
    const cache = new TokenCache(1_000);
    const vendor = issuer();
    const tokens = await Promise.all([1, 2, 3].map(() => cache.get("k", vendor.issue)));
    expect(tokens).toEqual(["t1", "t1", "t1"]);
    expect(await cache.get("k", vendor.issue)).toBe("t1");
    expect(vendor.count()).toBe(1);
  });

  it("asks again once the token is within its margin of expiry", async () => {
    const cache = new TokenCache(60_000);
    const vendor = issuer(30); // shorter than the margin: stale at once
    expect(await cache.get("k", vendor.issue)).toBe("t1");
    expect(await cache.get("k", vendor.issue)).toBe("t2");
  });

  it("renews once for all the calls a stale token got refused on", async () => {
    const cache = new TokenCache(1_000);
    const vendor = issuer();
    await cache.get("k", vendor.issue);
    const sentAt = performance.now(); // two calls sent with the first token, both refused
    cache.invalidate("k", sentAt);
    expect(await cache.get("k", vendor.issue)).toBe("t2");
    // A second refusal of a call sent before the renewal keeps the new token.
    cache.invalidate("k", sentAt);
    expect(await cache.get("k", vendor.issue)).toBe("t2");
    expect(vendor.count()).toBe(2);
  });

  it("does not keep a failed token request", async () => {
    const cache = new TokenCache(1_000);
    await expect(cache.get("k", () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    expect(await cache.get("k", issuer().issue)).toBe("t1");
  });
});
