// Lint config: typescript-eslint's recommended rules over every TypeScript file in the repo.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "dist/**",
      "node_modules/**",
      ".cache/**",
      "policy/node_modules/**",
      "policy/dist/**",
      "emulator/dist/**",
      "**/*.js",
      "**/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // Lazy require() is how the serialized providers stay small (see provider/core/dynamic.ts).
      "@typescript-eslint/no-require-imports": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  {
    // `interface Args extends ArgsOf<…> {}` names a derived type for editors and docs.
    rules: {
      "@typescript-eslint/no-empty-object-type": ["error", { allowInterfaces: "with-single-extends" }],
    },
  },
  {
    // A resource class declares its outputs by merging an interface derived from its declaration
    // (provider/core/definition.ts): Pulumi's Resource constructor sets every one of them, so nothing is left
    // uninitialised, and no class field is emitted that could overwrite them.
    files: ["provider/**/resource.ts"],
    rules: { "@typescript-eslint/no-unsafe-declaration-merging": "off" },
  },
  {
    // Tests read untyped JSON from the emulators and the CLI.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
);
