/**
 * Excel JavaScript API simulator (test code). Browser-safe: no node imports here; the .xlsx export
 * lives in `./exportXlsx` (node only).
 *
 *   const office = installSimulator({ sheets: [{ name: "Pilot", rows: [["Item", "Cost"], ["GPU", 1200]] }] });
 *   await createOfficeGateway().readSource({ kind: "auto" });
 *   office.sim.syncCount; office.snapshot(); office.sim.inject({ sync: 3 });
 *   office.sim.userEdit("Pilot", "A3:B3", [["Labelling", 800]]); // a user's edit, with its change event
 */
export * from "./address";
export { ErrorCode, SimOfficeError, Simulator, utf8Length, parseLoad } from "./core";
export type { InjectedFailure, SimulatorOptions, SyncRecord, ChangeEvent, ChangeHandler, ChangeType, ChangeOrigin, ChangeRegistration } from "./core";
export * from "./model";
export { createSimulatedOffice, installSimulator } from "./office";
export type { SimulatedOffice, InstalledSimulator } from "./office";
export { renameSheetInFormula, deleteSheetInFormula, findSheetQualifiers, formulaReferencesSheet, shiftRowsInFormula } from "./formulaText";
export type { RowShift } from "./formulaText";
