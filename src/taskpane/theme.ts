import { webDarkTheme, webLightTheme, type Theme } from "@fluentui/react-components";

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

/** Dark Fluent theme when Office's body background is dark (Office themes Black and Dark Gray). */
export function themeForOffice(officeTheme: { bodyBackgroundColor?: string } | undefined): Theme {
  const bg = officeTheme?.bodyBackgroundColor;
  const l = bg ? luminance(bg) : null;
  return l !== null && l < 0.3 ? webDarkTheme : webLightTheme;
}
