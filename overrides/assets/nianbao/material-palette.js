/* Material's inline palette script, as a file so that the CSP can forbid inline scripts (partials/javascripts/palette.html).
   Runs right after the palette switch in the header: applies the reader's saved palette before the page is drawn. */
(() => {
  "use strict";
  const palette = __md_get("__palette");
  if (!palette || !palette.color) return;
  if (palette.color.media === "(prefers-color-scheme)") {
    const light = matchMedia("(prefers-color-scheme: light)").matches;
    const input = document.querySelector(`[data-md-color-media='(prefers-color-scheme: ${light ? "light" : "dark"})']`);
    for (const key of ["media", "scheme", "primary", "accent"]) palette.color[key] = input.getAttribute("data-md-color-" + key);
  }
  for (const [key, value] of Object.entries(palette.color)) document.body.setAttribute("data-md-color-" + key, value);
})();
