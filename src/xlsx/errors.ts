/** The plan itself is inconsistent (a programming error upstream, not a problem with the user's file). */
export class PlanRenderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PlanRenderError";
  }
}

/** The input package cannot be used (not a workbook, Strict OOXML, damaged parts). */
export class UnsupportedWorkbookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UnsupportedWorkbookError";
  }
}
