/**
 * Plan formulas are en-US formulas as typed in Excel (`=SUM(A1:A3)`). In the file format the
 * leading `=` is dropped and functions added to Excel after 2007 carry the `_xlfn.` prefix
 * (Excel shows `#NAME?` for `IFS(...)` written without it).
 */

const FUTURE_FUNCTIONS = new Set(
  (
    "AGGREGATE ARABIC BASE BETA.DIST BETA.INV BINOM.DIST BINOM.DIST.RANGE BINOM.INV BITAND BITLSHIFT BITOR " +
    "BITRSHIFT BITXOR CEILING.MATH CEILING.PRECISE CHISQ.DIST CHISQ.DIST.RT CHISQ.INV CHISQ.INV.RT CHISQ.TEST " +
    "COMBINA CONCAT CONFIDENCE.NORM CONFIDENCE.T COT COTH COVARIANCE.P COVARIANCE.S CSC CSCH DAYS DECIMAL " +
    "ERF.PRECISE ERFC.PRECISE EXPON.DIST F.DIST F.DIST.RT F.INV F.INV.RT F.TEST FLOOR.MATH FLOOR.PRECISE " +
    "FORECAST.ETS FORECAST.ETS.CONFINT FORECAST.ETS.SEASONALITY FORECAST.ETS.STAT FORECAST.LINEAR FORMULATEXT " +
    "GAMMA GAMMA.DIST GAMMA.INV GAMMALN.PRECISE GAUSS HYPGEOM.DIST IFNA IFS IMCOSH IMCOT IMCSC IMCSCH IMSEC " +
    "IMSECH IMSINH IMTAN ISFORMULA ISOWEEKNUM LOGNORM.DIST LOGNORM.INV MAXIFS MINIFS MODE.MULT MODE.SNGL " +
    "MUNIT NEGBINOM.DIST NETWORKDAYS.INTL NORM.DIST NORM.INV NORM.S.DIST NORM.S.INV NUMBERVALUE PDURATION " +
    "PERCENTILE.EXC PERCENTILE.INC PERCENTRANK.EXC PERCENTRANK.INC PERMUTATIONA PHI POISSON.DIST QUARTILE.EXC " +
    "QUARTILE.INC RANK.AVG RANK.EQ RRI SEC SECH SHEET SHEETS SKEW.P STDEV.P STDEV.S SWITCH T.DIST T.DIST.2T " +
    "T.DIST.RT T.INV T.INV.2T T.TEST TEXTJOIN UNICHAR UNICODE VAR.P VAR.S WEIBULL.DIST WORKDAY.INTL XOR " +
    "XLOOKUP XMATCH Z.TEST"
  ).split(" "),
);

const CALL = /([A-Za-z_][A-Za-z0-9_.]*)\s*\(/g;

/** Cheap pre-check: does any `name(` in the formula name a function that needs the prefix? */
function mayNeedPrefix(body: string): boolean {
  if (body.indexOf("(") < 0) return false;
  CALL.lastIndex = 0;
  for (let m = CALL.exec(body); m; m = CALL.exec(body)) if (FUTURE_FUNCTIONS.has((m[1] ?? "").toUpperCase())) return true;
  return false;
}

/** `=IFS(A1>0,1)` → `_xlfn.IFS(A1>0,1)`: the text of an `<f>` element (before XML escaping). */
export function toFileFormula(formula: string): string {
  const body = formula.startsWith("=") ? formula.slice(1) : formula;
  if (!mayNeedPrefix(body)) return body;
  let out = "";
  let i = 0;
  const n = body.length;
  while (i < n) {
    const c = body[i] ?? "";
    if (c === '"' || c === "'") {
      // String literal or quoted sheet name: copy up to the closing quote (doubled quotes escape).
      let j = i + 1;
      while (j < n) {
        if (body[j] === c) {
          if (body[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      out += body.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_\\]/.test(c) && !/[A-Za-z0-9_.]/.test(body[i - 1] ?? "")) {
      const m = /^[A-Za-z_\\][A-Za-z0-9_.]*/.exec(body.slice(i));
      const word = m?.[0] ?? c;
      const after = body.slice(i + word.length).match(/^\s*\(/);
      out += after && FUTURE_FUNCTIONS.has(word.toUpperCase()) ? `_xlfn.${word}` : word;
      i += word.length;
      continue;
    }
    out += c;
    i++;
  }
  return out;
}
