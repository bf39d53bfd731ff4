// ESLint flat config: the Office Add-ins rules (load before read, sync after load, isNullObject,
// no sync in loops ...) and React rules from eslint-plugin-office-addins, with typescript-eslint
// for .ts/.tsx. Formatting is not linted (the plugin's prettier/prettier rule is left out) so that
// lint reports code problems only; run prettier yourself if you want its layout.
import js from "@eslint/js";
import officeAddins from "eslint-plugin-office-addins";
import tseslint from "typescript-eslint";

// The plugin's presets register their own (older) @typescript-eslint plugin, which clashes with
// typescript-eslint's: take the React preset and the office-addins rules from them, not the whole.
const reactRecommended = officeAddins.configs.react.find((c) => c.plugins && "react" in c.plugins);
const officePreset = officeAddins.configs.recommended.find((c) => c.plugins && "office-addins" in c.plugins);
if (!reactRecommended || !officePreset) throw new Error("eslint-plugin-office-addins presets changed shape");
/** The office-addins rules of the plugin's recommended preset (formatting rules left out). */
const officeRules = Object.fromEntries(
  Object.entries(officePreset.rules).filter(([name]) => name.startsWith("office-addins/")),
);

/** Globals of the Node scripts (and of the page functions the e2e scripts send to the browser). */
const scriptGlobals = Object.fromEntries(
  [
    "process",
    "console",
    "Buffer",
    "URL",
    "URLSearchParams",
    "setTimeout",
    "clearTimeout",
    "setInterval",
    "clearInterval",
    "setImmediate",
    "queueMicrotask",
    "structuredClone",
    "globalThis",
    "performance",
    "fetch",
    "AbortController",
    "AbortSignal",
    "TextEncoder",
    "TextDecoder",
    "__dirname",
    "__filename",
    "require",
    "module",
    "window",
    "document",
    "navigator",
    "getComputedStyle",
  ].map((name) => [name, "readonly"]),
);

export default tseslint.config(
  {
    ignores: [
      "node_modules/**",
      "dist/**",
      "test-output/**",
      "coverage/**",
      "examples/output/**",
      "bin/**",
      "**/*.d.ts",
      "**/*.d.mts",
    ],
  },
  js.configs.recommended,
  reactRecommended,
  ...tseslint.configs.recommended,
  {
    // Office.js code only: the rules match on API shapes (getCell, load, values...) and misfire on
    // exceljs code (src/xlsx, src/cli) and on the simulator that implements the API (test/simulator).
    files: ["src/**/*.{ts,tsx}"],
    ignores: ["src/xlsx/**", "src/cli/**", "src/domain/**"],
    plugins: { "office-addins": officeAddins },
    rules: officeRules,
  },
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    languageOptions: {
      parser: tseslint.parser,
      ecmaVersion: "latest",
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { ecmaVersion: "latest", sourceType: "module", globals: scriptGlobals },
  },
  {
    files: ["**/*.cjs"],
    languageOptions: { sourceType: "commonjs" },
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    settings: { react: { version: "detect" } },
    rules: {
      // React 17+ JSX transform: no React import needed; TypeScript types replace prop-types.
      "react/react-in-jsx-scope": "off",
      "react/jsx-uses-react": "off",
      "react/prop-types": "off",
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": ["error", { fixStyle: "inline-type-imports" }],
    },
  },
);
