// Archive filters: show the rows matching every chosen org, year, type and tag, without reloading.
// The choice is kept in the URL (?org=…&year=…) so a filtered list is a shareable link.
// Column headers become buttons that sort the table (pinyin order for Chinese, numbers by value).
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

  var headers = table.tHead.rows[0].cells;
  var collator = new Intl.Collator("zh-CN", { numeric: true });

  function cellKey(row, index) {
    var cell = row.cells[index], link = cell.querySelector("a");
    return (link || cell).textContent.trim();
  }

  function sortBy(index) {
    var th = headers[index], ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var keyed = rows.map(function (row, i) { return [cellKey(row, index), i, row]; });
    keyed.sort(function (a, b) {
      if (a[0] === b[0]) return a[1] - b[1];
      if (!a[0]) return 1;  // rows without a value (e.g. no date) stay last either way
      if (!b[0]) return -1;
      var c = collator.compare(a[0], b[0]);
      return ascending ? c : -c;
    });
    var body = table.tBodies[0];
    rows = keyed.map(function (k) { body.appendChild(k[2]); return k[2]; });
  }

  Array.prototype.forEach.call(headers, function (th, index) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "nb-sort";
    button.textContent = th.textContent;
    button.title = "按“" + th.textContent + "”排序";
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () { sortBy(index); });
  });

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
