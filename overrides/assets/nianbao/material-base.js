/* Material's inline base script, as a file so that the CSP can forbid inline scripts (partials/javascripts/base.html).
   Material's bundle and the other partials call these globals to keep settings (palette, tabs …) per site. */
var __md_scope = new URL(document.currentScript.dataset.scope, location);
var __md_hash = (text) => [...text].reduce((hash, ch) => (hash << 5) - hash + ch.charCodeAt(0), 0);
var __md_get = (key, storage = localStorage, scope = __md_scope) => JSON.parse(storage.getItem(scope.pathname + "." + key));
var __md_set = (key, value, storage = localStorage, scope = __md_scope) => {
  try {
    storage.setItem(scope.pathname + "." + key, JSON.stringify(value));
  } catch (e) {}  // storage full or disabled: the setting is simply not remembered, as in Material
};
// base.html leaves out Material's autocomplete="off" on the drawer and search checkboxes (invalid HTML there), which kept
// browsers from restoring them ticked on back or reload: they start unticked, before Material's script reads them.
// Once: the search page sends the event again for Material's late bundle (search.js), when a toggle may be ticked on purpose.
addEventListener("DOMContentLoaded", () => {
  for (const box of document.querySelectorAll(".md-toggle[data-md-toggle]")) box.checked = false;
}, { once: true });
