// Compare any two of an org's reports (issue 19), in the browser, from the data the build publishes (compare/orgs/…json,
// the org's reports; compare/text/…json, one file per report, fetched when the report is chosen).
// Sections are matched by their headings (numbering ignored), clauses by their text, and inside a pair of similar
// clauses characters are diffed: the result uses <ins>/<del> like the comparison pages. Text is set with textContent only.
(function () {
  "use strict";
  var box = document.querySelector("[data-nb-picker]");
  // Opened from a folder (file://) the browser refuses the data files: the picker stays hidden rather than failing.
  if (!box || !window.fetch || location.protocol === "file:") return;
  var form = box.querySelector("form"), out = box.querySelector("[data-nb-picker-out]");
  var texts = {}, root = box.getAttribute("data-root") || "";
  var NUMBER = /^\s*(?:第[一二三四五六七八九十百零〇两\d]+(?:章|节|部分|篇|条|项)?[、.．:：]?|[一二三四五六七八九十百零〇两]{1,3}[、.．]|[（(][一二三四五六七八九十百零〇两\d]{1,3}[）)]|\d{1,2}(?:[.．]\d{1,2})*[.．、])\s*/;
  var FOLD_OVER = 3, PAIR_MIN = 0.5;

  function key(text) { return text.replace(/[*_`#>\s]/g, "").replace(/[，、]/g, ",").replace(/[。．]/g, "."); }
  function titleKey(heading) { return key(heading.replace(/[*_]/g, "").replace(NUMBER, "")).replace(/[^\w\u4e00-\u9fff]/g, ""); }
  function clauses(text) { return text.match(/[^。；！？;!?\n]+(?:[。；！？;!?]+[”’」』）)"']*)?\n*|\n+/g) || []; }
  function grams(text) {
    var s = {}, k = key(text);
    for (var i = 0; i + 1 < k.length; i++) s[k.substr(i, 2)] = 1;
    if (k.length === 1) s[k] = 1;
    return s;
  }
  function dice(a, b) {
    var na = 0, nb = 0, both = 0, g;
    for (g in a) { na++; if (b[g]) both++; }
    for (g in b) nb++;
    return na + nb ? 2 * both / (na + nb) : 1;
  }
  // Longest common subsequence of two arrays by equality of key(): [[i, j], …] in order.
  function lcs(a, b, same) {
    var n = a.length, m = b.length, t = [], i, j;
    for (i = 0; i <= n; i++) t.push(new Uint16Array(m + 1));
    for (i = n - 1; i >= 0; i--) for (j = m - 1; j >= 0; j--) t[i][j] = same(a[i], b[j]) ? t[i + 1][j + 1] + 1 : Math.max(t[i + 1][j], t[i][j + 1]);
    var pairs = [];
    for (i = 0, j = 0; i < n && j < m;) {
      if (same(a[i], b[j])) { pairs.push([i, j]); i++; j++; } else if (t[i + 1][j] >= t[i][j + 1]) i++; else j++;
    }
    return pairs;
  }
  function charRuns(a, b) {
    var x = Array.from(a), y = Array.from(b), runs = [], i = 0, j = 0;
    function push(kind, text) {
      if (!text) return;
      var last = runs[runs.length - 1];
      if (last && last[0] === kind) last[1] += text; else runs.push([kind, text]);
    }
    lcs(x, y, function (p, q) { return p === q; }).concat([[x.length, y.length]]).forEach(function (p) {
      push("delete", x.slice(i, p[0]).join("")); push("insert", y.slice(j, p[1]).join(""));
      if (p[0] < x.length) push("equal", x[p[0]]);
      i = p[0] + 1; j = p[1] + 1;
    });
    return runs;
  }
  function diffRows(oldText, newText) {
    var a = clauses(oldText), b = clauses(newText), rows = [], i = 0, j = 0;
    function gap(i2, j2) {
      while (i < i2 && j < j2 && dice(grams(a[i]), grams(b[j])) >= PAIR_MIN) {
        var r = charRuns(a[i], b[j]);
        rows.push({ kind: "changed", old: r.filter(function (x) { return x[0] !== "insert"; }), new: r.filter(function (x) { return x[0] !== "delete"; }) });
        i++; j++;
      }
      for (; i < i2; i++) rows.push({ kind: "removed", old: [["delete", a[i]]], new: [] });
      for (; j < j2; j++) rows.push({ kind: "added", old: [], new: [["insert", b[j]]] });
    }
    lcs(a, b, function (p, q) { return key(p) === key(q); }).forEach(function (p) {
      gap(p[0], p[1]);
      rows.push({ kind: "same", old: [["equal", a[p[0]]]], new: [["equal", b[p[1]]]] });
      i = p[0] + 1; j = p[1] + 1;
    });
    gap(a.length, b.length);
    return rows;
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }
  function runsInto(parent, runs) {
    runs.forEach(function (r) { parent.appendChild(r[0] === "insert" ? el("ins", "", r[1]) : r[0] === "delete" ? el("del", "", r[1]) : document.createTextNode(r[1])); });
    if (!runs.length) parent.appendChild(el("span", "nb-none", "（无）"));
  }
  function rowEl(row, left, right) {
    var div = el("div", "nb-cmp-row nb-cmp-" + row.kind), o = el("div", "nb-cmp-old"), n = el("div", "nb-cmp-new");
    o.appendChild(el("span", "nb-cmp-side", left.year + "年")); n.appendChild(el("span", "nb-cmp-side", right.year + "年"));
    runsInto(o, row.old); runsInto(n, row.new);
    div.appendChild(o); div.appendChild(n);
    return div;
  }
  function sectionEl(label, status, heading, rows, left, right) {
    var sec = el("section", "nb-cmp-section nb-cmp-" + status), h = el("h4");
    h.appendChild(el("span", "nb-cmp-status", label));
    h.appendChild(document.createTextNode(heading || "开头部分"));
    sec.appendChild(h);
    for (var k = 0; k < rows.length;) {
      var end = k;
      while (end < rows.length && rows[end].kind === "same") end++;
      if (end - k > FOLD_OVER) {
        sec.appendChild(rowEl(rows[k], left, right));
        var d = el("details", "nb-cmp-fold");
        d.appendChild(el("summary", "", "展开 " + (end - k - 2) + " 句未改动的文字"));
        for (var f = k + 1; f < end - 1; f++) d.appendChild(rowEl(rows[f], left, right));
        sec.appendChild(d);
        sec.appendChild(rowEl(rows[end - 1], left, right));
        k = end;
      } else {
        sec.appendChild(rowEl(rows[k], left, right));
        k++;
      }
    }
    return sec;
  }
  function compare(left, right) {
    var wrap = el("div", "nb-compare");
    wrap.setAttribute("data-compare-left", left.source);
    wrap.setAttribute("data-compare-right", right.source);
    wrap.appendChild(el("h3", "", left.year + "年 · " + left.title + " → " + right.year + "年 · " + right.title));
    var used = {};
    right.sections.forEach(function (s) {
      var k = titleKey(s[1]), match = -1;
      left.sections.forEach(function (t, i) { if (match < 0 && !used[i] && titleKey(t[1]) === k && (t[0] === 0) === (s[0] === 0)) match = i; });
      if (match < 0) {
        wrap.appendChild(sectionEl("新增", "added", s[1], diffRows("", s[2]), left, right));
        return;
      }
      used[match] = true;
      var rows = diffRows(left.sections[match][2], s[2]);
      var changed = rows.some(function (r) { return r.kind !== "same"; });
      wrap.appendChild(sectionEl(changed ? "有改动" : "未变", changed ? "changed" : "same", s[1], rows, left, right));
    });
    left.sections.forEach(function (t, i) {
      if (!used[i]) wrap.appendChild(sectionEl("删去", "removed", t[1], diffRows(t[2], ""), left, right));
    });
    return wrap;
  }
  function load(select) {
    var url = root + select.options[select.selectedIndex].getAttribute("data-text");
    texts[url] = texts[url] || fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    return texts[url];
  }
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    out.textContent = "正在载入……";
    Promise.all([load(form.elements.left), load(form.elements.right)]).then(function (pair) {
      out.textContent = "";
      out.appendChild(compare(pair[0], pair[1]));
    }).catch(function () { out.textContent = "无法载入对比数据。"; });
  });
  // The org's reports, oldest first: [source, label, data file]; the pair shown first is the page's, else the latest two.
  function fill(options) {
    var chosen = [box.getAttribute("data-left"), box.getAttribute("data-right")];
    ["left", "right"].forEach(function (name, side) {
      var select = form.elements[name], pick = chosen[side] || (options[options.length - 2 + side] || [])[0];
      options.forEach(function (o) {
        var option = document.createElement("option");
        option.value = o[0];
        option.textContent = o[1];
        option.setAttribute("data-text", o[2]);
        option.selected = o[0] === pick;
        select.appendChild(option);
      });
    });
    box.hidden = false;
  }
  fetch(root + box.getAttribute("data-options")).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
    .then(function (data) { fill(data.options); }).catch(function () { /* the picker stays hidden */ });
})();
