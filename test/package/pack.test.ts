/**
 * What `npm pack` puts in the packages a user installs — the runtime (`pulumi-interconnect`), the emulators
 * (`pulumi-interconnect-emulator`) and the policy pack — and what their package.json promise: only compiled code
 * and README, LICENSE, CHANGELOG; @pulumi/pulumi as a peer; an exports map with the public entry points and the
 * module paths that stacks deployed with 0.1.0 require. Needs `npm run build` (as `npm test` does first).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { builtinModules, createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { MINIMUM_PULUMI_SDK } from "../../provider/core/sdk";

const REPO = path.resolve(__dirname, "../..");
/** Node's own require, from a module in the repository's root (where the workspace links the packages). */
const nodeRequire = createRequire(path.join(REPO, "index.js"));

interface PackageJson {
  name: string;
  version: string;
  main?: string;
  types?: string;
  bin?: Record<string, string>;
  exports?: Record<string, string | { types: string; default: string }>;
  files?: string[];
  engines?: Record<string, string>;
  repository?: { type: string; url: string };
  keywords?: string[];
  license?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = (file: string) => JSON.parse(readFileSync(file, "utf8")) as PackageJson;

/** The files `npm pack` would put in the tarball of the package in `dir` (no build: `npm test` built first). */
function packedFiles(dir: string): string[] {
  const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
    cwd: dir,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    timeout: 60_000,
  });
  const [{ files }] = JSON.parse(out) as { files: { path: string }[] }[];
  return files.map((f) => f.path).sort();
}

/** The bare module names that the compiled files in `files` (under `dir`) require. */
function requiredPackages(dir: string, files: string[]): Set<string> {
  const names = new Set<string>();
  for (const file of files.filter((f) => f.endsWith(".js"))) {
    for (const [, spec] of readFileSync(path.join(dir, file), "utf8").matchAll(
      /require\("([^".][^"]*)"\)/g,
    )) {
      const parts = spec.split("/");
      names.add(spec.startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0]);
    }
  }
  return names;
}

const isBuiltin = (name: string) => name.startsWith("node:") || builtinModules.includes(name);

/** The module paths the 0.1.0 serialized providers (test/compat/fixtures/0.1.0) require by package name. */
function compatPaths(): string[] {
  const dir = path.join(REPO, "test/compat/fixtures/0.1.0");
  const paths = new Set<string>();
  for (const file of readdirSync(dir))
    for (const [, spec] of readFileSync(path.join(dir, file), "utf8").matchAll(
      /"(pulumi-interconnect\/[^"]+)"/g,
    ))
      paths.add(spec);
  return [...paths].sort();
}

describe("pulumi-interconnect, the runtime package", () => {
  const pkg = readJson(path.join(REPO, "package.json"));
  const files = packedFiles(REPO);

  it("packs compiled code only, with README, LICENSE and CHANGELOG", () => {
    const extra = files.filter((f) => !/^dist\/(provider|estate)\/.+\.(js|d\.ts)$/.test(f));
    expect(extra).toEqual(["CHANGELOG.md", "LICENSE", "README.md", "package.json"]);
    // No tests, fixtures, scripts, emulators, examples, sources, maps or images.
    expect(files.filter((f) => /test|fixture|scripts|emulator|examples|\.map$|\.png$/.test(f))).toEqual([]);
    // Every compiled file comes from a source file of this release (no stale output of a removed module).
    for (const file of files.filter((f) => f.startsWith("dist/")))
      expect(
        existsSync(path.join(REPO, file.replace(/^dist\//, "").replace(/(\.d)?\.ts$|\.js$/, ".ts"))),
        file,
      ).toBe(true);
    for (const entry of [pkg.main!, pkg.types!, ...Object.values(pkg.bin!)]) expect(files).toContain(entry);
  });

  it("takes @pulumi/pulumi as a peer from the release that calls configure on, and depends on no server", () => {
    expect(pkg.peerDependencies).toEqual({ "@pulumi/pulumi": `^${MINIMUM_PULUMI_SDK}` });
    expect(pkg.devDependencies?.["@pulumi/pulumi"]).toBeTruthy();
    for (const name of ["@pulumi/pulumi", "fastify", "@grpc/grpc-js", "pulumi-interconnect-emulator"])
      expect(pkg.dependencies?.[name], name).toBeUndefined();
    // Whatever the compiled code requires is a dependency, the peer, a Node built-in or the package itself.
    const allowed = new Set([
      ...Object.keys(pkg.dependencies ?? {}),
      "@pulumi/pulumi",
      "pulumi-interconnect",
    ]);
    for (const name of requiredPackages(REPO, files))
      expect(isBuiltin(name) || allowed.has(name), `${name} is required but not a dependency`).toBe(true);
  });

  it("says what npm needs to list it: license file, repository, keywords, engines", () => {
    expect(pkg.license).toBe("Apache-2.0");
    expect(readFileSync(path.join(REPO, "LICENSE"), "utf8")).toMatch(/^\s*Apache License\s+Version 2\.0/);
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//);
    expect(pkg.keywords).toEqual(expect.arrayContaining(["pulumi", "equinix", "ovhcloud", "consoleconnect"]));
    expect(pkg.engines?.node).toMatch(/^>=20/);
  });

  it("exports the public entry points and the 0.1.0 module paths, each of them packed, and nothing else", () => {
    const exported = Object.keys(pkg.exports!);
    expect(exported).toEqual(
      expect.arrayContaining([
        ".",
        "./equinix",
        "./ovh",
        "./consoleconnect",
        "./estate",
        "./package.json",
        ...compatPaths().map((p) => `./${p.slice(20)}`),
      ]),
    );
    for (const target of Object.values(pkg.exports!).flatMap((t) =>
      typeof t === "string" ? [t] : Object.values(t),
    ))
      expect(files, target).toContain(target.replace(/^\.\//, ""));
    // Through the package name, as a program or a stored provider requires them (the workspace links the package).
    const vendors = ["equinix", "ovh", "consoleconnect"].map((v) => `pulumi-interconnect/${v}`);
    for (const spec of ["pulumi-interconnect", ...vendors, "pulumi-interconnect/estate", ...compatPaths()])
      expect(() => nodeRequire.resolve(spec), spec).not.toThrow();
    // A vendor's entry point is the namespace the package's root exports, not a second copy of it.
    const root = nodeRequire("pulumi-interconnect");
    expect(nodeRequire("pulumi-interconnect/equinix").L2Connection).toBe(root.equinix.L2Connection);
    expect(nodeRequire("pulumi-interconnect/ovh").PopConfig).toBe(root.ovh.PopConfig);
    expect(nodeRequire("pulumi-interconnect/consoleconnect").Layer2Connection).toBe(
      root.consoleconnect.Layer2Connection,
    );
    expect(() => nodeRequire.resolve("pulumi-interconnect/dist/provider/core/http")).toThrow(
      /is not defined by "exports"/,
    );
  });
});

describe("pulumi-interconnect-emulator", () => {
  const dir = path.join(REPO, "emulator");
  const pkg = readJson(path.join(dir, "package.json"));
  const files = packedFiles(dir);

  it("packs its compiled code, README and LICENSE, with a bin that runs under node", () => {
    expect(pkg.name).toBe("pulumi-interconnect-emulator");
    expect(files.filter((f) => !/^dist\/.+\.(js|d\.ts)$/.test(f))).toEqual([
      "LICENSE",
      "README.md",
      "package.json",
    ]);
    expect(pkg.bin).toEqual({ "pulumi-interconnect-emulator": "dist/cli.js" });
    expect(files).toEqual(expect.arrayContaining(["dist/cli.js", "dist/index.js", "dist/index.d.ts"]));
    expect(readFileSync(path.join(dir, "dist/cli.js"), "utf8")).toMatch(/^#!\/usr\/bin\/env node\n/);
    expect(pkg.license).toBe("Apache-2.0");
  });

  it("stands alone: it requires only its own dependencies, never the provider", () => {
    const allowed = new Set(Object.keys(pkg.dependencies ?? {}));
    expect(allowed.has("fastify")).toBe(true);
    for (const name of requiredPackages(dir, files))
      expect(isBuiltin(name) || allowed.has(name), `${name} is required but not a dependency`).toBe(true);
    for (const file of files.filter((f) => f.endsWith(".js")))
      expect(readFileSync(path.join(dir, file), "utf8"), file).not.toMatch(/provider\/|pulumi-interconnect"/);
  });
});

describe("pulumi-interconnect-policy", () => {
  it("packs the LICENSE too", () => {
    expect(packedFiles(path.join(REPO, "policy"))).toContain("LICENSE");
  });
});
