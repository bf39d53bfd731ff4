/** Number display in the task pane (the sheets use Excel number formats from the plan). */

const CURRENCY_SYMBOLS = ["€", "$", "£", "¥", "₹", "CHF", "kr"];

/**
 * The currency symbol of an Excel number format, when it has one: `"€"#,##0.00` -> `€`,
 * `[$$-409]#,##0` -> `$`, `#,##0 [$€-407]` -> `€`; `{prefix: true}` when it comes before the digits.
 */
export function currencyOf(numberFormat: string | undefined): { symbol: string; prefix: boolean } | null {
  if (!numberFormat) return null;
  const firstSection = numberFormat.split(";")[0] ?? "";
  const digitAt = firstSection.search(/[#0]/);
  const bracket = /\[\$([^\]-]+)(?:-[0-9A-Fa-f]+)?\]/.exec(firstSection);
  if (bracket?.[1]) return { symbol: bracket[1], prefix: bracket.index < digitAt };
  const quoted = /"([^"]+)"/.exec(firstSection);
  if (quoted?.[1] && CURRENCY_SYMBOLS.some((s) => quoted[1]?.includes(s)))
    return { symbol: quoted[1].trim(), prefix: quoted.index < digitAt };
  for (const s of CURRENCY_SYMBOLS) {
    const at = firstSection.indexOf(s);
    if (at >= 0) return { symbol: s, prefix: at < digitAt };
  }
  return null;
}

const wholeNumber = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const twoDecimals = new Intl.NumberFormat("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `12500` -> `€12,500` with the source's currency; whole units unless the amount has cents and is small. */
export function formatMoney(amount: number, numberFormat?: string): string {
  if (!Number.isFinite(amount)) return "–";
  const abs = Math.abs(amount);
  const digits = abs < 1000 && !Number.isInteger(abs) ? twoDecimals.format(abs) : wholeNumber.format(abs);
  const currency = currencyOf(numberFormat);
  const body = currency ? (currency.prefix ? `${currency.symbol}${digits}` : `${digits} ${currency.symbol}`) : digits;
  return amount < 0 ? `-${body}` : body;
}

export function formatCount(n: number): string {
  return wholeNumber.format(n);
}

/** 0.28 -> `28%`, 0.125 -> `12.5%`. */
export function formatShare(fraction: number): string {
  if (!Number.isFinite(fraction)) return "–";
  return `${Math.round(fraction * 1000) / 10}%`;
}

export function formatMultiplier(value: number): string {
  return Number.isFinite(value) ? `${Math.round(value * 100) / 100}×` : "–";
}
