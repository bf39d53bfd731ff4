// @vitest-environment jsdom
import { cleanup, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { afterEach, describe, expect, it, vi } from "vitest";
import { Root } from "../../src/taskpane/components/App";
import { RECHECK_DELAY_MS } from "../../src/taskpane/useTaskpane";
import { OWN_WRITE_GRACE_MS } from "../../src/excel/ownWrites";
import { PILOT_SHEET } from "../e2e/sampleWorkbook";
import { bigPilotWorkbook, createHarness, uninstallAll, type Harness } from "./harness";

afterEach(() => {
  cleanup();
  uninstallAll();
});

async function renderPane(harness: Harness) {
  const user = userEvent.setup();
  render(<Root gateway={harness.gateway} />);
  await screen.findByRole("tab", { name: /Source/ });
  return user;
}

async function readSelection(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole("button", { name: "Use selection" }));
  await screen.findByText(/Found [\d,]+ cost lines/);
}

describe("task pane: Source", () => {
  it("reads the selection and shows the detected layout, the included total and every skipped cell", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await readSelection(user);
    expect(screen.getByText("Found 11 cost lines")).toBeTruthy();
    const facts = screen.getByTestId("source-facts");
    expect(facts.textContent).toContain("row 4");
    expect(within(facts).getByText("B")).toBeTruthy();
    expect(within(facts).getByText("C")).toBeTruthy();
    expect(within(facts).getByText("D")).toBeTruthy();
    expect(screen.getByTestId("included-total").textContent).toBe("78,331 €");
    const skipped = screen.getByRole("list", { name: "Skipped cells" });
    expect(within(skipped).getAllByRole("listitem")).toHaveLength(3);
    expect(skipped.textContent).toContain("#N/A");
    // One text amount is copied as a constant, and the pane says so.
    expect(screen.getByText(/typed as text/)).toBeTruthy();
  });

  it("selects a skipped cell in the workbook when its address is clicked", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("button", { name: "Go to D17" }));
    await waitFor(() => expect(harness.selection()).toEqual({ sheet: PILOT_SHEET, address: "D17" }));
  });

  it("lists tables and named ranges and reads the one picked", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    const picker = screen.getByRole("combobox", { name: "Table or named range" });
    await waitFor(() => expect(within(picker).getAllByRole("option").length).toBe(2));
    await user.selectOptions(picker, "VendorCosts");
    await user.click(screen.getByRole("button", { name: "Read" }));
    await screen.findByText("Found 3 cost lines");
    expect(screen.getByTestId("included-total").textContent).toBe("8,200");
  });

  it("explains a selection of several separate areas", async () => {
    const harness = createHarness({ selection: "B4:B19,D4:D19" });
    const user = await renderPane(harness);
    await user.click(screen.getByRole("button", { name: "Use selection" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Several separate areas are selected/);
    expect(alert.textContent).toMatch(/one rectangular block/);
  });

  it("explains an unusable selection and what to do next", async () => {
    const harness = createHarness({ selection: "B1" });
    const user = await renderPane(harness);
    await user.click(screen.getByRole("button", { name: "Use selection" }));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toMatch(/Use selection again/);
  });
});

describe("task pane: Classify", () => {
  it("highlights Unclassified lines, offers the suggestion and updates the totals when a category is picked", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("button", { name: "Next: Classify" }));
    const picker = screen.getByRole("combobox", { name: "Category of Project management (external)" });
    const row = picker.closest("tr") as HTMLElement;
    expect(row.className).toContain("p2p-highlight");
    expect(row.textContent).toContain("Unclassified");
    const totals = screen.getByTestId("category-totals");
    const unclassifiedBefore = within(totals).getByText("Unclassified").closest("tr")?.textContent ?? "";
    await user.selectOptions(picker, "changeManagement");
    const after = screen.getByRole("combobox", { name: "Category of Project management (external)" });
    expect((after as HTMLSelectElement).value).toBe("changeManagement");
    expect(after.closest("tr")?.className ?? "").not.toContain("p2p-highlight");
    expect(after.closest("tr")?.textContent).toContain("your choice");
    const unclassifiedAfter =
      within(screen.getByTestId("category-totals")).queryByText("Unclassified")?.closest("tr")?.textContent ?? "";
    expect(unclassifiedAfter).not.toBe(unclassifiedBefore);
    // Suggestions from the keyword rules are shown beside the picker.
    const cloud = screen.getByRole("combobox", { name: "Category of Cloud GPU hosting (Azure, 3 months)" });
    expect(cloud.closest("td")?.textContent).toContain("Suggested: Infrastructure & operations");
  });

  it("stays usable with 20,000 lines: pages of 25 pickers, a filter for Unclassified lines", async () => {
    const harness = createHarness(bigPilotWorkbook(20_000));
    const user = await renderPane(harness);
    await readSelection(user);
    expect(screen.getByText("Found 20,000 cost lines")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Next: Classify" }));
    expect(screen.getAllByRole("combobox", { name: /^Category of/ })).toHaveLength(25);
    expect(screen.getByText("1–25 of 20,000")).toBeTruthy();
    await user.click(screen.getByRole("button", { name: "Next" }));
    expect(screen.getByText("26–50 of 20,000")).toBeTruthy();
    await user.selectOptions(screen.getByRole("combobox", { name: "Show" }), "unclassified");
    const shown = screen.getAllByRole("combobox", { name: /^Category of/ });
    expect(shown.length).toBeGreaterThan(0);
    for (const picker of shown) expect(picker.closest("tr")?.className).toContain("p2p-highlight");
  }, 60_000);
});

describe("task pane: Assumptions", () => {
  it("previews Low/Base/High live and checks that the weights sum to 100%", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("tab", { name: /Assumptions/ }));
    expect(screen.getByTestId("preview-base").textContent).toBe("587,479 €");
    const base = screen.getByRole("textbox", { name: /^Base/ });
    await user.clear(base);
    await user.type(base, "8");
    expect(screen.getByTestId("preview-base").textContent).toBe("626,644 €");
    expect(screen.getByText("Base (changed)")).toBeTruthy();

    const support = screen.getByRole("textbox", { name: "Weight of Support & documentation, percent" });
    await user.clear(support);
    await user.type(support, "10");
    expect(screen.getByTestId("weight-sum").textContent).toContain("104%");
    expect(screen.getByTestId("assumption-problems").textContent).toMatch(/sum to 100%/);
    expect(screen.getByTestId("preview").textContent).toMatch(/appears when the assumptions are valid/);

    await user.click(screen.getByRole("tab", { name: /Generate/ }));
    expect((screen.getByRole("button", { name: "Generate budget sheets" }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByRole("alert").textContent).toMatch(/Fix the assumptions first/);
  });

  it("changes the phasing columns with the horizon", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await user.click(screen.getByRole("tab", { name: /Assumptions/ }));
    const horizon = screen.getByRole("textbox", { name: /^Horizon/ });
    await user.clear(horizon);
    await user.type(horizon, "5");
    const phasing = screen.getByRole("table", { name: "Phasing per year" });
    expect(
      within(phasing)
        .getAllByRole("columnheader")
        .map((h) => h.textContent),
    ).toEqual(["Category", "Y1", "Y2", "Y3", "Y4", "Y5"]);
  });
});

describe("task pane: Generate", () => {
  it("writes the sheets with progress, then links to each generated tab", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("tab", { name: /Generate/ }));
    await user.click(screen.getByRole("button", { name: "Generate budget sheets" }));
    const done = await screen.findByTestId("generate-done", {}, { timeout: 10_000 });
    expect(harness.sheetNames()).toEqual(expect.arrayContaining(["Assumptions", "Production Budget", "P2P State"]));
    const names = harness.snapshot().names.map((n) => n.name);
    expect(names).toEqual(
      expect.arrayContaining(["PilotTotal", "ProductionLow", "ProductionBase", "ProductionHigh", "MultiplierBase"]),
    );
    const links = within(done).getAllByRole("button");
    expect(links.map((l) => l.textContent)).toEqual(["Assumptions", "Production Budget"]);
    await user.click(within(done).getByRole("button", { name: "Production Budget" }));
    await waitFor(() => expect(harness.activeSheet()).toBe("Production Budget"));
    expect(harness.progressMessages().length).toBeGreaterThan(0);
  });

  it("reports a failed write with what to do next and leaves the workbook as it was", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("tab", { name: /Generate/ }));
    const before = harness.snapshot();
    harness.failNextGenerate();
    await user.click(screen.getByRole("button", { name: "Generate budget sheets" }));
    const alert = await screen.findByRole("alert", {}, { timeout: 10_000 });
    expect(alert.textContent).toMatch(/The budget sheets were not written/);
    expect(alert.textContent).toMatch(/left as it was/);
    expect(harness.snapshot()).toEqual(before);
    await user.click(within(alert).getByRole("button", { name: "Try again" }));
    await screen.findByTestId("generate-done", {}, { timeout: 10_000 });
  });

  it("keeps the user's choices across a regeneration: overrides and assumptions come back from the workbook", async () => {
    const harness = createHarness();
    let user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("button", { name: "Next: Classify" }));
    await user.selectOptions(
      screen.getByRole("combobox", { name: "Category of Project management (external)" }),
      "support",
    );
    await user.click(screen.getByRole("tab", { name: /Assumptions/ }));
    const base = screen.getByRole("textbox", { name: /^Base/ });
    await user.clear(base);
    await user.type(base, "9");
    await user.click(screen.getByRole("tab", { name: /Generate/ }));
    await user.click(screen.getByRole("button", { name: "Generate budget sheets" }));
    await screen.findByTestId("generate-done", {}, { timeout: 10_000 });
    cleanup();

    // The pane opens again on the same workbook (e.g. the next day).
    user = await renderPane(harness);
    await screen.findByText(/already has a production budget/);
    await readSelection(user);
    await user.click(screen.getByRole("button", { name: "Next: Classify" }));
    const picker = screen.getByRole("combobox", {
      name: "Category of Project management (external)",
    }) as HTMLSelectElement;
    expect(picker.value).toBe("support");
    await user.click(screen.getByRole("tab", { name: /Assumptions/ }));
    expect((screen.getByRole("textbox", { name: /^Base/ }) as HTMLInputElement).value).toBe("9");
  });
});

describe("task pane: keyboard and layout", () => {
  it("moves between steps with the arrow keys, Home and End", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    screen.getByRole("tab", { name: /Source/ }).focus();
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: /Classify/ }).getAttribute("aria-selected")).toBe("true");
    expect(document.activeElement).toBe(screen.getByRole("tab", { name: /Classify/ }));
    await user.keyboard("{End}");
    expect(screen.getByRole("tab", { name: /Generate/ }).getAttribute("aria-selected")).toBe("true");
    await user.keyboard("{ArrowRight}");
    expect(screen.getByRole("tab", { name: /Source/ }).getAttribute("aria-selected")).toBe("true");
    // Only the selected tab is in the tab order.
    expect(screen.getAllByRole("tab").map((t) => t.getAttribute("tabindex"))).toEqual(["0", "-1", "-1", "-1"]);
    expect(screen.getByRole("tabpanel").getAttribute("aria-labelledby")).toBe("tab-source");
  });
});

describe("task pane: the living budget", () => {
  const settle = () => new Promise((resolve) => setTimeout(resolve, RECHECK_DELAY_MS * 3));

  async function generateFromSelection(harness: Harness) {
    const user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("tab", { name: /Generate/ }));
    await user.click(screen.getByRole("button", { name: "Generate budget sheets" }));
    await screen.findByTestId("generate-done", {}, { timeout: 10_000 });
    await waitFor(() => expect(harness.office.sim.changeHandlerCount).toBe(1));
    return user;
  }

  const budgetFormulas = (harness: Harness) =>
    Object.values(harness.snapshot().sheets.find((s) => s.name === "Production Budget")?.cells ?? {}).map((c) => c.formula ?? "");

  it("says nothing about its own generation, nor about an edited amount (the formulas follow it)", async () => {
    const harness = createHarness();
    await generateFromSelection(harness);
    await new Promise((resolve) => setTimeout(resolve, OWN_WRITE_GRACE_MS + 100));
    expect(screen.queryByTestId("pilot-changed")).toBeNull();
    const reads = vi.spyOn(harness.gateway, "readSource");
    harness.office.sim.userEdit(PILOT_SHEET, "D6", [[9900]]);
    harness.office.sim.userEdit(PILOT_SHEET, "D5:D6", [[18600], [9950]]);
    await settle();
    expect(screen.queryByTestId("pilot-changed")).toBeNull();
    // Amounts the budget references: not even read again.
    expect(reads).not.toHaveBeenCalled();
    // The watch was alive all along: a new line is noticed.
    harness.office.sim.userEdit(PILOT_SHEET, "A20:D20", [[16, "Backup storage", null, 450]]);
    await screen.findByTestId("pilot-changed", {}, { timeout: 5_000 });
  });

  it("reads the pilot once for a burst of edits (typing or pasting below the list)", async () => {
    const harness = createHarness();
    await generateFromSelection(harness);
    await new Promise((resolve) => setTimeout(resolve, OWN_WRITE_GRACE_MS + 100));
    const reads = vi.spyOn(harness.gateway, "readSource");
    harness.office.sim.userEdit(PILOT_SHEET, "C20", [["Support"]]);
    harness.office.sim.userEdit(PILOT_SHEET, "B20", [["Backup storage"]]);
    harness.office.sim.userEdit(PILOT_SHEET, "D20", [[450]]);
    const paste = Array.from({ length: 250 }, (_, i) => [100 + i, `Pasted line ${i + 1}`, null, 10 + i]);
    harness.office.sim.userEdit(PILOT_SHEET, "A21:D270", paste);
    const offer = await screen.findByTestId("pilot-changed", {}, { timeout: 5_000 });
    expect(offer.textContent).toContain("The pilot now has 262 cost lines (was 11): 251 new lines are not in the budget yet.");
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it("offers a refresh when a cost line is added below the list, from every step, and Regenerate includes it", async () => {
    const harness = createHarness();
    const user = await generateFromSelection(harness);
    expect(budgetFormulas(harness).some((f) => f.endsWith("!D20"))).toBe(false);
    harness.office.sim.userEdit(PILOT_SHEET, "A20:D20", [[16, "Backup storage", null, 450]]);
    const offer = await screen.findByTestId("pilot-changed", {}, { timeout: 5_000 });
    expect(offer.textContent).toContain("The pilot now has 12 cost lines (was 11): 1 new line is not in the budget yet.");

    // Reachable from any step.
    await user.click(screen.getByRole("tab", { name: /Classify/ }));
    const indicator = screen.getByTestId("pilot-changed-indicator");
    expect(indicator.textContent).toMatch(/Pilot changed.*1 new cost line not in the budget/);
    await user.click(within(indicator).getByRole("button", { name: "Review" }));
    expect(screen.getByRole("tab", { name: /Generate/ }).getAttribute("aria-selected")).toBe("true");

    await user.click(within(screen.getByTestId("pilot-changed")).getByRole("button", { name: "Regenerate" }));
    await screen.findByTestId("generate-done", {}, { timeout: 10_000 });
    expect(budgetFormulas(harness).some((f) => f === "='Q3 Pilot''s costs'!D20")).toBe(true);
    await settle();
    expect(screen.queryByTestId("pilot-changed")).toBeNull();
    expect(screen.queryByTestId("pilot-changed-indicator")).toBeNull();
    expect(harness.office.sim.changeHandlerCount).toBe(1);
  });

  it("follows rows Excel moved: a row inserted above the list is not a new line, a deleted line is reported", async () => {
    const harness = createHarness();
    await generateFromSelection(harness);
    harness.office.sim.userInsertRows(PILOT_SHEET, 3);
    await settle();
    expect(screen.queryByTestId("pilot-changed")).toBeNull();
    // Row 8 was "Cloud GPU hosting" (row 7 before the insert).
    harness.office.sim.userDeleteRows(PILOT_SHEET, 8);
    const offer = await screen.findByTestId("pilot-changed", {}, { timeout: 5_000 });
    expect(offer.textContent).toContain("The pilot now has 10 cost lines (was 11): 1 line of the budget is no longer in the pilot's list.");
  });

  it("keeps each line's category through Regenerate when rows moved (a line inserted inside the list)", async () => {
    const harness = createHarness();
    const user = await renderPane(harness);
    await readSelection(user);
    await user.click(screen.getByRole("button", { name: "Next: Classify" }));
    await user.selectOptions(screen.getByRole("combobox", { name: "Category of Project management (external)" }), "support");
    await user.click(screen.getByRole("tab", { name: /Generate/ }));
    await user.click(screen.getByRole("button", { name: "Generate budget sheets" }));
    await screen.findByTestId("generate-done", {}, { timeout: 10_000 });
    await waitFor(() => expect(harness.office.sim.changeHandlerCount).toBe(1));

    // A new line inserted in the middle of the list: everything below moves down one row.
    harness.office.sim.userInsertRows(PILOT_SHEET, 6);
    harness.office.sim.userEdit(PILOT_SHEET, "A6:D6", [[0, "Prompt engineering", null, 2500]]);
    const offer = await screen.findByTestId("pilot-changed", {}, { timeout: 5_000 });
    expect(offer.textContent).toContain("The pilot now has 12 cost lines (was 11): 1 new line is not in the budget yet.");
    await user.click(within(offer).getByRole("button", { name: "Regenerate" }));
    await screen.findByTestId("generate-done", {}, { timeout: 10_000 });

    const budget = harness.snapshot().sheets.find((s) => s.name === "Production Budget");
    const cells = budget?.cells ?? {};
    const rowOf = (label: string) => Object.entries(cells).find(([a, c]) => a.startsWith("A") && c.value === label)?.[0].slice(1);
    const pm = rowOf("Project management (external)");
    expect(cells[`B${pm}`]?.value).toBe("D16");
    expect(cells[`C${pm}`]?.value).toBe("Support & documentation");
    expect(cells[`D${pm}`]?.formula).toBe("='Q3 Pilot''s costs'!D16");
    expect(rowOf("Prompt engineering")).toBeDefined();
  });

  it("watches again when the pane reopens on a budget, and notices lines added while it was closed", async () => {
    const harness = createHarness();
    await generateFromSelection(harness);
    cleanup();
    harness.office.sim.reloadAddin();
    harness.office.sim.userEdit(PILOT_SHEET, "A20:D21", [
      [16, "Backup storage", null, 450],
      [17, "On-call support", null, 1200],
    ]);

    const user = await renderPane(harness);
    await user.click(screen.getByRole("tab", { name: /Generate/ }));
    const offer = await screen.findByTestId("pilot-changed", {}, { timeout: 5_000 });
    expect(offer.textContent).toContain("The pilot now has 13 cost lines (was 11): 2 new lines are not in the budget yet.");
    await waitFor(() => expect(harness.office.sim.changeHandlerCount).toBe(1));
    await user.click(within(offer).getByRole("button", { name: "Regenerate" }));
    await screen.findByTestId("generate-done", {}, { timeout: 10_000 });
    const formulas = budgetFormulas(harness);
    expect(formulas).toEqual(expect.arrayContaining(["='Q3 Pilot''s costs'!D20", "='Q3 Pilot''s costs'!D21"]));
  });
});
