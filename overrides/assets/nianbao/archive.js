// Archive filters: show the rows matching every chosen org, year, type and tag, without reloading.
// The choice is kept in the URL (?org=…&year=…) so a filtered list is a shareable link.
(function () {
  "use strict";
  var form = document.querySelector("[data-nb-filters]");
  var table = document.querySelector("[data-nb-filterable]");
  if (!form || !table) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var count = document.querySelector("[data-nb-count]");
  var of = document.querySelector("[data-nb-of]");
  var empty = document.querySelector("[data-nb-empty]");
  var names = ["org", "year", "type", "tag"];

  function chosen() {
    var c = {};
    names.forEach(function (n) { c[n] = form.elements[n].value; });
    return c;
  }

  function matches(row, c) {
    if (c.org && row.dataset.org !== c.org) return false;
    if (c.year && row.dataset.year !== c.year) return false;
    if (c.type && row.dataset.type !== c.type) return false;
    if (c.tag && JSON.parse(row.dataset.tags || "[]").indexOf(c.tag) < 0) return false;
    return true;
  }

  function apply(updateUrl) {
    var c = chosen(), shown = 0;
    rows.forEach(function (row) {
      var ok = matches(row, c);
      row.hidden = !ok;
      if (ok) shown++;
    });
    count.textContent = String(shown);
    of.hidden = shown === rows.length;
    empty.hidden = shown !== 0;
    if (updateUrl) {
      var params = new URLSearchParams();
      names.forEach(function (n) { if (c[n]) params.set(n, c[n]); });
      var query = params.toString();
      history.replaceState(null, "", location.pathname + (query ? "?" + query : "") + location.hash);
    }
  }

  var params = new URLSearchParams(location.search);
  names.forEach(function (n) {
    var value = params.get(n), select = form.elements[n];
    if (value && Array.prototype.some.call(select.options, function (o) { return o.value === value; })) select.value = value;
  });
  form.hidden = false;
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("reset", function () { setTimeout(function () { apply(true); }, 0); });
  apply(false);
})();
