/**
 * The simulated `Excel`, `Office` and `OfficeExtension` globals. Browser-safe: the e2e page bundles
 * this module and calls `installSimulator` before the task pane's script runs.
 */
import { ErrorCode, SimClientResult, SimOfficeError, Simulator, type SimulatorOptions } from "./core";
import { createWorkbook, snapshotWorkbook, type SimWorkbook, type WorkbookSpec, type WorkbookSnapshot } from "./model";
import { createRun, SimRequestContext } from "./proxies";

export interface SimulatedOffice {
  /** The simulator: its workbook, sync log (`syncs`, `syncCount`, `largestRequestBytes`) and failure injection. */
  sim: Simulator;
  /** Assign to `globalThis.Excel` (what `installSimulator` does). */
  Excel: typeof Excel;
  Office: typeof Office;
  OfficeExtension: typeof OfficeExtension;
  snapshot(): WorkbookSnapshot;
}

const HOST_TYPES = {
  Word: "Word",
  Excel: "Excel",
  PowerPoint: "PowerPoint",
  Outlook: "Outlook",
  OneNote: "OneNote",
  Project: "Project",
  Access: "Access",
};

const PLATFORM_TYPES = {
  PC: "PC",
  OfficeOnline: "OfficeOnline",
  Mac: "Mac",
  iOS: "iOS",
  Android: "Android",
  Universal: "Universal",
};

/** Builds the three globals over a workbook (a `SimWorkbook` or a spec for `createWorkbook`). */
export function createSimulatedOffice(workbook: SimWorkbook | WorkbookSpec, options: SimulatorOptions = {}): SimulatedOffice {
  const state = "nextId" in workbook ? workbook : createWorkbook(workbook);
  const sim = new Simulator(state, options);
  const run = createRun(sim);
  const excel = {
    run,
    RequestContext: SimRequestContext,
    ErrorCodes: {
      itemNotFound: ErrorCode.itemNotFound,
      itemAlreadyExists: ErrorCode.itemAlreadyExists,
      invalidArgument: ErrorCode.invalidArgument,
      invalidOperation: ErrorCode.invalidOperation,
      invalidReference: ErrorCode.invalidReference,
      invalidSelection: ErrorCode.invalidSelection,
      generalException: ErrorCode.generalException,
      responsePayloadSizeLimitExceeded: ErrorCode.responsePayloadSizeLimitExceeded,
      invalidOperationInCellEditMode: ErrorCode.invalidOperationInCellEditMode,
      apiNotFound: ErrorCode.apiNotFound,
    },
    SheetVisibility: { visible: "Visible", hidden: "Hidden", veryHidden: "VeryHidden" },
    CalculationType: { recalculate: "Recalculate", full: "Full", fullRebuild: "FullRebuild" },
    ChartType: { columnClustered: "ColumnClustered" },
    ChartSeriesBy: { auto: "Auto", columns: "Columns", rows: "Rows" },
  };
  const platform = sim.options.platform;
  const office = {
    HostType: HOST_TYPES,
    PlatformType: PLATFORM_TYPES,
    onReady(callback?: (info: { host: string; platform: string }) => void) {
      const info = { host: "Excel", platform };
      callback?.(info);
      return Promise.resolve(info);
    },
    context: {
      host: "Excel",
      platform,
      displayLanguage: "en-US",
      contentLanguage: "en-US",
      diagnostics: { host: "Excel", platform, version: "16.0.0.0" },
      requirements: {
        isSetSupported: (name: string, minVersion?: string | number) =>
          sim.isSetSupported(name, minVersion === undefined ? undefined : String(minVersion)),
      },
    },
  };
  const officeExtension = {
    Error: SimOfficeError,
    ClientResult: SimClientResult,
    ErrorCodes: {
      accessDenied: "AccessDenied",
      generalException: "GeneralException",
      invalidArgument: "InvalidArgument",
      propertyNotLoaded: "PropertyNotLoaded",
      invalidRequestContext: "InvalidRequestContext",
      apiNotFound: "ApiNotFound",
    },
  };
  return {
    sim,
    Excel: excel as unknown as typeof Excel,
    Office: office as unknown as typeof Office,
    OfficeExtension: officeExtension as unknown as typeof OfficeExtension,
    snapshot: () => snapshotWorkbook(sim.workbook),
  };
}

interface OfficeGlobals {
  Excel?: unknown;
  Office?: unknown;
  OfficeExtension?: unknown;
}

export interface InstalledSimulator extends SimulatedOffice {
  /** Restores the globals that were there before. */
  uninstall(): void;
}

/** Sets `globalThis.Excel`, `Office` and `OfficeExtension` to a simulator over `workbook`. */
export function installSimulator(workbook: SimWorkbook | WorkbookSpec, options: SimulatorOptions = {}): InstalledSimulator {
  const simulated = createSimulatedOffice(workbook, options);
  const g = globalThis as unknown as OfficeGlobals;
  const before = { Excel: g.Excel, Office: g.Office, OfficeExtension: g.OfficeExtension };
  g.Excel = simulated.Excel;
  g.Office = simulated.Office;
  g.OfficeExtension = simulated.OfficeExtension;
  return {
    ...simulated,
    uninstall() {
      g.Excel = before.Excel;
      g.Office = before.Office;
      g.OfficeExtension = before.OfficeExtension;
    },
  };
}
