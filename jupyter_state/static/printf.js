// @ts-check
/**
 * printf-style number formatting, as Streamlit's `format` parameters take it.
 *
 * Prepended to the views that show numbers (number_input.js, slider.js: see
 * widgets/_views.py), so they share one implementation.
 */

// the first conversion not written "%%" (a literal "%", as in C and Streamlit: "%.1f%%" is "40.0%")
const FORMAT = /^((?:[^%]|%%)*)%([-+ 0#]*)(\d*)(?:\.(\d+))?([diufeEgG])(.*)$/s;

/**
 * `value` as C's printf would write it with `format` (one conversion, as Streamlit allows).
 * @param {number} value
 * @param {string} format
 * @returns {string}
 */
export function printf(value, format) {
  const m = FORMAT.exec(format);
  if (!m) return String(value);
  const [, before, flags, width, precision, conversion, after] = m;
  const digits = precision === undefined ? 6 : Number(precision);
  let body;
  if ("diu".includes(conversion)) body = Math.trunc(value).toString();
  else if (conversion === "f") body = value.toFixed(digits);
  else if ("eE".includes(conversion)) {
    body = value.toExponential(digits).replace(/e([+-])(\d)$/, "e$10$2");
    if (conversion === "E") body = body.toUpperCase();
  } else {
    body = String(Number(value.toPrecision(digits || 1)));
    if (conversion === "G") body = body.toUpperCase();
  }
  if (flags.includes("+") && value >= 0) body = `+${body}`;
  else if (flags.includes(" ") && value >= 0) body = ` ${body}`;
  const size = Number(width || 0);
  if (body.length < size) {
    if (flags.includes("-")) body = body.padEnd(size);
    else if (flags.includes("0")) {
      const sign = /^[+\- ]/.test(body) ? body[0] : "";
      body = sign + body.slice(sign.length).padStart(size - sign.length, "0");
    } else body = body.padStart(size);
  }
  const literal = (/** @type {string} */ text) => text.replace(/%%/g, "%");
  return `${literal(before)}${body}${literal(after)}`;
}
