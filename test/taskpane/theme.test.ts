import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { webDarkTheme, webLightTheme, type PartialTheme, type Theme } from "@fluentui/react-components";
import { describe, expect, it } from "vitest";
import { darkTheme } from "../../src/taskpane/darkTheme";
import { lightTheme } from "../../src/taskpane/themeTokens";

/**
 * The pane ships only the Fluent tokens it reads (src/taskpane/themeTokens.ts, darkTheme.ts).
 * These tests keep those partial themes complete and equal to Fluent's, and say what to paste
 * when a Fluent upgrade or a new CSS rule changes the set.
 */
const root = path.resolve(__dirname, "../..");
const taskpaneDir = path.join(root, "src/taskpane");

/** What src/taskpane may import from Fluent, and the package whose compiled styles each needs. */
const FLUENT_IMPORTS: Readonly<Record<string, string | null>> = {
  FluentProvider: "react-provider",
  MessageBar: "react-message-bar",
  MessageBarBody: "react-message-bar",
  MessageBarTitle: "react-message-bar",
  MessageBarActions: "react-message-bar",
  PartialTheme: null,
};

function filesUnder(dir: string, keep: (file: string) => boolean, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) filesUnder(file, keep, out);
    else if (keep(file)) out.push(file);
  }
  return out;
}

function fluentImports(): Set<string> {
  const names = new Set<string>();
  for (const file of filesUnder(taskpaneDir, (f) => /\.tsx?$/.test(f))) {
    const source = readFileSync(file, "utf8");
    for (const m of source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"@fluentui\/([^"]+)"/g)) {
      expect(m[2], `${path.relative(root, file)} imports from @fluentui/react-components only`).toBe(
        "react-components",
      );
      for (const part of (m[1] ?? "").split(",")) {
        const name = part.replace(/^\s*type\s+/, "").trim();
        if (name) names.add(name);
      }
    }
  }
  return names;
}

/** Every theme token read as `var(--token)` by taskpane.css and the Fluent components the pane renders. */
function tokensInUse(): string[] {
  const packages = new Set<string>();
  for (const name of fluentImports()) {
    expect(Object.keys(FLUENT_IMPORTS), `${name} is new: add it and its package to FLUENT_IMPORTS`).toContain(name);
    const pkg = FLUENT_IMPORTS[name];
    if (pkg) packages.add(pkg);
  }
  const files = [
    path.join(taskpaneDir, "taskpane.css"),
    ...filesUnder(taskpaneDir, (f) => /\.tsx?$/.test(f)),
    ...[...packages].flatMap((pkg) =>
      filesUnder(path.join(root, "node_modules/@fluentui", pkg, "lib"), (f) => f.endsWith(".styles.js")),
    ),
  ];
  const used = new Set<string>();
  for (const file of files)
    for (const m of readFileSync(file, "utf8").matchAll(/var\(--([A-Za-z0-9]+)/g))
      if (m[1] && m[1] in webLightTheme) used.add(m[1]);
  return [...used].sort();
}

function expected(theme: Theme, keys: string[]): PartialTheme {
  return Object.fromEntries(keys.map((k) => [k, theme[k as keyof Theme]]));
}

describe("the pane's partial Fluent themes", () => {
  const used = tokensInUse();

  it("finds the tokens the pane reads", () => {
    expect(used.length).toBeGreaterThan(50);
    expect(used).toContain("colorNeutralBackground1"); // taskpane.css
    expect(used).toContain("colorStatusDangerBackground1"); // MessageBar intent="error"
  });

  it.each([
    ["light", lightTheme, webLightTheme],
    ["dark", darkTheme, webDarkTheme],
  ] as const)("%s: has every token in use, with Fluent's value, and nothing else", (name, partial, full) => {
    const want = expected(full, used);
    const message = `paste into the ${name} theme (shared values go to sharedTokens):\n${JSON.stringify(want, null, 2)}`;
    expect(Object.keys(partial).sort(), message).toEqual(used);
    expect(partial, message).toEqual(want);
  });
});
