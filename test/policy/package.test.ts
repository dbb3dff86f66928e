/**
 * The policy pack as a package: what `pulumi policy publish` (which runs the pack, then `npm pack`s its folder) and
 * npm need, built by `npm run build` into policy/dist, and importing the provider only by its package name.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, realpathSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

const REPO = join(__dirname, "..", "..");
const PACK = join(REPO, "policy");
const DIST = join(PACK, "dist");

interface PackageJson {
  name: string;
  version: string;
  private?: boolean;
  license?: string;
  description?: string;
  main?: string;
  files?: string[];
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(join(PACK, "package.json"), "utf8")) as PackageJson;
const root = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as PackageJson;
// semver, resolved the way @pulumi/pulumi resolves it (it is its dependency, not ours).
const semver = require(
  require.resolve("semver", { paths: [dirname(require.resolve("@pulumi/pulumi"))] }),
) as {
  valid(v: string): string | null;
  satisfies(v: string, range: string): boolean;
};

function compiledFiles(dir = DIST): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? compiledFiles(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

describe("the policy pack package", () => {
  it("package.json is fit for npm and `pulumi policy publish`", () => {
    expect(pkg.name).toBe("pulumi-interconnect-policy");
    expect(semver.valid(pkg.version)).toBe(pkg.version);
    expect(pkg.private).toBeUndefined();
    expect(pkg.license).toBe("Apache-2.0");
    expect(pkg.description!.length).toBeGreaterThan(40);
    expect(pkg.main).toBe("dist/index.js");
    expect(pkg.files).toEqual(expect.arrayContaining(["PulumiPolicy.yaml"]));
    expect(pkg.scripts?.build).toBeTruthy();
    // Built when packed (`npm pack`, `npm publish`, `pulumi policy publish`), never when installed.
    expect(pkg.scripts?.prepack).toBe("npm run build");
    expect(pkg.scripts?.prepare).toBeUndefined();
    expect(pkg.dependencies?.["@pulumi/policy"]).toBeTruthy();
    // The program's own @pulumi/pulumi runs the pack (the language host resolves run-policy-pack from the pack).
    expect(pkg.peerDependencies?.["@pulumi/pulumi"]).toBeTruthy();
    expect(pkg.dependencies?.["@pulumi/pulumi"]).toBeUndefined();
    // The provider, by package name, in a range the workspace's provider satisfies.
    expect(semver.satisfies(root.version, pkg.dependencies!["pulumi-interconnect"])).toBe(true);
  });

  it("PulumiPolicy.yaml names the Node.js runtime", () => {
    expect(readFileSync(join(PACK, "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
  });

  it("npm workspaces link the provider package into the pack", () => {
    const resolved = require.resolve("pulumi-interconnect/package.json", { paths: [PACK] });
    expect(realpathSync(dirname(resolved))).toBe(realpathSync(REPO));
  });

  it("is compiled: main exists and requires the compiled policies", () => {
    const main = join(PACK, pkg.main!);
    expect(existsSync(main), `${main} is missing: run npm run build`).toBe(true);
    expect(readFileSync(main, "utf8")).toContain('require("./policies")');
    for (const module of [
      "policies",
      "config",
      "util",
      "types",
      "equinix",
      "consoleconnect",
      "ovh",
      "estate",
    ])
      expect(existsSync(join(DIST, `${module}.js`)), module).toBe(true);
  });

  it("imports the provider only by its package name, never from ../provider", () => {
    const js = compiledFiles().filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"));
    expect(js.length).toBeGreaterThan(8);
    for (const file of js) {
      const text = readFileSync(file, "utf8");
      expect(text, file).not.toMatch(/\.\.\/provider|\.\.\/\.\.\//);
      expect(text, file).not.toMatch(/require\("\.\.\//);
    }
    const requires = js
      .filter((f) => f.endsWith(".js"))
      .flatMap((f) => [...readFileSync(f, "utf8").matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    const packageOf = (spec: string) =>
      spec
        .split("/")
        .slice(0, spec.startsWith("@") ? 2 : 1)
        .join("/");
    const external = [...new Set(requires.filter((r) => !r.startsWith(".")).map(packageOf))].sort();
    // Everything the compiled pack loads is a declared dependency.
    expect(external).toEqual(["@pulumi/policy", "pulumi-interconnect", "zod"]);
    for (const name of external) expect(Object.keys(pkg.dependencies ?? {})).toContain(name);
  });

  it("npm pack ships the compiled pack, its PulumiPolicy.yaml and docs, and no TypeScript sources", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], {
      cwd: PACK,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    });
    const [tarball] = JSON.parse(out) as { name: string; version: string; files: { path: string }[] }[];
    expect(tarball.name).toBe(pkg.name);
    expect(tarball.version).toBe(pkg.version);
    const files = tarball.files.map((f) => f.path).sort();
    expect(files).toEqual(
      expect.arrayContaining([
        "package.json",
        "PulumiPolicy.yaml",
        "POLICIES.md",
        "dist/index.js",
        "dist/policies.js",
      ]),
    );
    expect(files.filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"))).toEqual([]);
    expect(files).not.toContain("tsconfig.json");
  });
});
