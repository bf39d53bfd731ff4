/** Loaded on demand by theme.ts when Office uses a dark theme. */
export { webDarkTheme } from "@fluentui/react-components";
