/**
 * Class names of the task pane's own layout. The rules live in taskpane.css (inlined into
 * taskpane.html at build time) and use the CSS variables FluentProvider defines, so they follow
 * the light and dark themes. Plain CSS instead of makeStyles keeps Griffel's run-time style
 * compiler out of the bundle (Fluent's own components ship pre-compiled styles).
 */
export const cls = {
  provider: "p2p-provider",
  root: "p2p-root",
  title: "p2p-title",
  step: "p2p-step",
  heading: "p2p-heading",
  subheading: "p2p-subheading",
  text: "p2p-text",
  muted: "p2p-muted",
  row: "p2p-row",
  grow: "p2p-grow",
  nav: "p2p-nav",
  facts: "p2p-facts",
  table: "p2p-table",
  number: "p2p-number",
  highlight: "p2p-highlight",
  totalRow: "p2p-total",
  list: "p2p-list",
  plainList: "p2p-plain-list",
  error: "p2p-error",
  bar: "p2p-bar",
  card: "p2p-card",
  badge: "p2p-badge",
  grid3: "p2p-grid3",
  grid2: "p2p-grid2",
  scrollX: "p2p-scroll-x",
  rowHeader: "p2p-row-header",
  spread: "p2p-spread",
  stepper: "p2p-stepper",
  stepTab: "p2p-step-tab",
  notInExcel: "p2p-not-in-excel",
  fixed: "p2p-fixed",
  field: "p2p-field",
  label: "p2p-label",
  link: "p2p-link",
} as const;

/** The previous hook-style API, kept so components read `s.step` etc. */
export function useStepStyles(): typeof cls {
  return cls;
}
