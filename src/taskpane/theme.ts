import type { PartialTheme } from "@fluentui/react-components";
import { lightTheme } from "./themeTokens";

/** Relative luminance of `#RRGGBB` (0 = black, 1 = white); null when not a colour. */
export function luminance(hex: string): number | null {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return null;
  const channel = (h: string | undefined) => {
    const c = parseInt(h ?? "0", 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(m[1]) + 0.7152 * channel(m[2]) + 0.0722 * channel(m[3]);
}

/** True when Office's body background is dark (Office themes Black and Dark Gray). */
export function isDarkOfficeTheme(officeTheme: { bodyBackgroundColor?: string } | undefined): boolean {
  const bg = officeTheme?.bodyBackgroundColor;
  const l = bg ? luminance(bg) : null;
  return l !== null && l < 0.3;
}

/**
 * The Fluent theme that matches Office's: webDarkTheme's tokens for dark Office themes, else
 * webLightTheme's (only the tokens the pane uses, see themeTokens.ts). The dark theme is a
 * separate chunk, loaded only when Office is dark.
 */
export async function themeForOffice(
  officeTheme: { bodyBackgroundColor?: string } | undefined,
): Promise<PartialTheme> {
  if (!isDarkOfficeTheme(officeTheme)) return lightTheme;
  try {
    const { darkTheme } = await import(/* webpackChunkName: "dark-theme" */ "./darkTheme");
    return darkTheme;
  } catch {
    return lightTheme;
  }
}
