import { describe, expect, it, vi } from "vitest";
import type { WorkbookGateway } from "../../src/taskpane/gateway";
import { lazyGateway } from "../../src/taskpane/lazyGateway";
import { toUserMessage } from "../../src/taskpane/messages";
import { darkTheme } from "../../src/taskpane/darkTheme";
import { isDarkOfficeTheme, luminance, themeForOffice } from "../../src/taskpane/theme";
import { lightTheme } from "../../src/taskpane/themeTokens";

function fakeGateway(): WorkbookGateway {
  return {
    readSource: vi.fn(async () => ({ ok: false as const, message: "nothing" })),
    listNamedSources: vi.fn(async () => []),
    readSavedState: vi.fn(async () => null),
    generate: vi.fn(async () => ({ sheetNames: [], syncCount: 0 })),
    selectCell: vi.fn(async () => undefined),
    activateSheet: vi.fn(async () => undefined),
    watchSource: vi.fn(async () => async () => undefined),
    readBudgetLines: vi.fn(async () => null),
  };
}

describe("lazyGateway", () => {
  it("loads the implementation once, on first use, and forwards every call", async () => {
    const inner = fakeGateway();
    const load = vi.fn(async () => inner);
    const gateway = lazyGateway(load);
    expect(load).not.toHaveBeenCalled();
    await Promise.all([gateway.listNamedSources(), gateway.readSavedState()]);
    await gateway.selectCell("Pilot", "D7");
    await gateway.activateSheet("Assumptions");
    await gateway.readSource({ kind: "auto" });
    const onChange = () => undefined;
    await gateway.watchSource("Pilot", onChange);
    await gateway.readBudgetLines();
    expect(load).toHaveBeenCalledTimes(1);
    expect(inner.watchSource).toHaveBeenCalledWith("Pilot", onChange);
    expect(inner.readBudgetLines).toHaveBeenCalled();
    expect(inner.selectCell).toHaveBeenCalledWith("Pilot", "D7");
    expect(inner.activateSheet).toHaveBeenCalledWith("Assumptions");
    expect(inner.readSource).toHaveBeenCalledWith({ kind: "auto" });
  });

  it("rejects the call when the chunk cannot load, says what to do, and tries again next time", async () => {
    const inner = fakeGateway();
    const load = vi
      .fn<() => Promise<WorkbookGateway>>()
      .mockRejectedValueOnce(Object.assign(new Error("Loading chunk excel failed."), { name: "ChunkLoadError" }))
      .mockResolvedValue(inner);
    const gateway = lazyGateway(load);
    const error = await gateway.listNamedSources().then(
      () => null,
      (e: unknown) => e
    );
    expect(toUserMessage(error, "list").nextStep).toMatch(/network connection/);
    await expect(gateway.listNamedSources()).resolves.toEqual([]);
    expect(load).toHaveBeenCalledTimes(2);
  });
});

describe("Office theme", () => {
  it("tells dark Office themes from light ones", () => {
    expect(luminance("#FFFFFF")).toBeCloseTo(1);
    expect(luminance("#000000")).toBe(0);
    expect(luminance("not a colour")).toBeNull();
    expect(isDarkOfficeTheme({ bodyBackgroundColor: "#262626" })).toBe(true); // Black
    expect(isDarkOfficeTheme({ bodyBackgroundColor: "#666666" })).toBe(true); // Dark Gray
    expect(isDarkOfficeTheme({ bodyBackgroundColor: "#FFFFFF" })).toBe(false); // White / Colorful
    expect(isDarkOfficeTheme(undefined)).toBe(false);
  });

  it("picks the dark tokens for a dark Office, the light ones otherwise", async () => {
    await expect(themeForOffice({ bodyBackgroundColor: "#262626" })).resolves.toBe(darkTheme);
    await expect(themeForOffice({ bodyBackgroundColor: "#F3F3F3" })).resolves.toBe(lightTheme);
  });
});
