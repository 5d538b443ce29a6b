/* Search page: answers queries from the sharded bigram index that hooks/nianbao/search/ builds.
   The same algorithm as nianbao.search.reader (Python); see that module for the file formats. */
/* Loaded with `async` in the page head: the query in the URL is answered while the page still loads. */
(() => {
  "use strict";
  const script = document.currentScript;
  const base = script.dataset.index;
  const root = script.dataset.root;
  const PAGE = 10, BEFORE = 30, AFTER = 70, NEAR = 40, SEP = "\n";
  const domReady = new Promise((resolve) => {
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", resolve);
    else resolve();
  });
  let form = null, out = null;

  const cache = new Map();
  function load(path, kind) {
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then((r) => {
        if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
        return kind === "bin" ? r.arrayBuffer().then((b) => new Uint8Array(b)) : kind === "text" ? r.text() : r.json();
      }));
    }
    return cache.get(path);
  }

  let foldMap = null;
  const fold = (s) => { let o = ""; for (const c of s) o += foldMap.get(c) ?? c; return o; };
  const cps = (s) => Array.from(s);

  function parseQuery(text) {
    const words = [];
    for (const m of text.matchAll(/"([^"]*)"?|“([^”]*)”?|(\S+)/gu)) {
      const raw = m[1] ?? m[2] ?? m[3];
      const word = fold(raw).split(/\s+/u).filter(Boolean).join(" ");
      if (word && !words.includes(word)) words.push(word);
    }
    const short = words.find((w) => cps(w).length < 2);
    return { words, problem: short ? `“${short}”只有一个字：请至少输入两个字，例如“${short}”所在的词。` : "" };
  }

  function varints(bytes, pos) {
    return {
      pos,
      next() { let v = 0, s = 0, b; do { b = bytes[this.pos++]; v += (b & 127) * 2 ** s; s += 7; } while (b & 128); return v; },
    };
  }

  function compareKeys(a, b) {
    const x = cps(a), y = cps(b);
    return (x[0].codePointAt(0) - y[0].codePointAt(0)) || (x[1].codePointAt(0) - y[1].codePointAt(0));
  }

  const chunks = new Map();
  function chunk(tier, number) {  // → {bytes, where: key → [start, end]}
    const path = `${tier}/${number}.bin`;
    if (!chunks.has(path)) {
      chunks.set(path, load(path, "bin").then((bytes) => {
        const r = varints(bytes, 0), n = r.next(), head = [];
        for (let i = 0; i < n; i++) head.push([r.next(), r.next(), r.next()]);
        let pos = r.pos;
        const where = new Map();
        for (const [a, b, len] of head) { where.set(String.fromCodePoint(a, b), [pos, pos + len]); pos += len; }
        return { bytes, where };
      }));
    }
    return chunks.get(path);
  }

  async function posting(tier, key) {
    const firsts = manifest[tier];
    let lo = 0, hi = firsts.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (compareKeys(firsts[mid], key) <= 0) lo = mid + 1; else hi = mid; }
    if (lo === 0) return null;
    const { bytes, where } = await chunk(tier, lo - 1);
    const at = where.get(key);
    return at ? bytes.subarray(at[0], at[1]) : null;
  }

  async function reportsWith(key) {
    const data = await posting("a", key), found = new Map();
    if (!data) return found;
    const r = varints(data, 0);
    let doc = 0;
    while (r.pos < data.length) {
      const gap = r.next();
      doc = found.size ? doc + gap : gap;
      found.set(doc, { counts: [r.next(), r.next(), r.next()], positions: [r.next()] });
    }
    return found;
  }

  async function positions(key) {
    const data = await posting("b", key), found = new Map();
    if (!data) return found;
    const r = varints(data, 0);
    let doc = 0, started = false;
    while (r.pos < data.length) {
      const gap = r.next(), count = r.next();
      doc = started ? doc + gap : gap;
      started = true;
      let p = r.next();
      const set = new Set([p]);
      for (let i = 1; i < count; i++) { p += r.next(); set.add(p); }
      found.set(doc, set);
    }
    return found;
  }

  const region = (doc, p) => (p < manifest.title_end[doc] ? 0 : p < manifest.head_end[doc] ? 1 : 2);

  async function matchWord(word) {  // tier A answers a two-character word; longer ones are checked on positions
    const c = cps(word), keys = [];
    for (let i = 0; i + 1 < c.length; i++) keys.push(c[i] + c[i + 1]);
    if (c.length === 2) return reportsWith(keys[0]);
    const cover = [...new Set([...keys.keys()].filter((i) => i % 2 === 0).concat([keys.length - 1]))].sort((a, b) => a - b);
    const where = await Promise.all(cover.map((off) => positions(keys[off])));
    const hits = new Map();
    for (const d of where[0].keys()) {
      if (!where.every((w) => w.has(d))) continue;
      const starts = [...where[0].get(d)].filter((p) => cover.every((off, i) => where[i].get(d).has(p + off))).sort((a, b) => a - b);
      if (!starts.length) continue;
      const counts = [0, 0, 0];
      for (const p of starts) counts[region(d, p)]++;
      hits.set(d, { counts, positions: starts });
    }
    return hits;
  }

  function accepts(f, doc) {
    const year = manifest.year[doc];
    return (!f.org || manifest.orgs[manifest.org[doc]][0] === f.org) && (!f.type || manifest.types[manifest.type[doc]][0] === f.type)
      && (!f.from || year >= f.from) && (!f.to || year <= f.to);
  }

  async function run(q, filters) {
    const query = parseQuery(q);
    if (query.problem) return { query, hits: [], facets: null };
    const perWord = await Promise.all(query.words.map(matchWord));
    let docs = perWord.length ? [...perWord[0].keys()].filter((d) => perWord.every((m) => m.has(d))) : manifest.year.map((_, i) => i);
    const facets = { org: new Map(), year: new Map(), type: new Map() };
    const others = { org: { ...filters, org: "" }, year: { ...filters, from: 0, to: 0 }, type: { ...filters, type: "" } };
    const kept = [];
    for (const d of docs) {
      const values = { org: manifest.orgs[manifest.org[d]][0], year: String(manifest.year[d]), type: manifest.types[manifest.type[d]][0] };
      for (const name of ["org", "year", "type"]) if (accepts(others[name], d)) facets[name].set(values[name], (facets[name].get(values[name]) || 0) + 1);
      if (accepts(filters, d)) kept.push(d);
    }
    const rank = (d) => { const c = [0, 1, 2].map((r) => perWord.reduce((s, m) => s + m.get(d).counts[r], 0)); return [-c[0], -c[1], -(c[0] + c[1] + c[2]), d]; };
    const keys = new Map(kept.map((d) => [d, rank(d)]));
    kept.sort((a, b) => { const x = keys.get(a), y = keys.get(b); for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i]; return 0; });
    return { query, perWord, hits: kept, facets, count: (d) => -keys.get(d)[2] };
  }

  const pieces = new Map();
  function piece(doc, k) {  // → {meta: [title, url, date], text: [code points]}
    const path = `t/${doc}-${k}.txt`;
    if (!pieces.has(path)) {
      pieces.set(path, load(path, "text").then((s) => {
        const cut = s.indexOf("\n");
        return { meta: JSON.parse(s.slice(0, cut)), text: cps(s.slice(cut + 1)) };
      }));
    }
    return pieces.get(path);
  }

  async function readText(doc, from, end) {  // pieces in turn: a piece shorter than text_chars is the last
    const size = manifest.text_chars, start = Math.max(0, from), base = Math.floor(start / size) * size;
    let text = [];
    for (let k = base / size; base + text.length < end; k++) {
      const part = (await piece(doc, k)).text;
      text = text.concat(part);
      if (part.length < size) break;
    }
    return text.slice(start - base, end - base);
  }

  function bestPosition(known, bodyStart) {
    const flat = known.flatMap((ps, w) => ps.map((p) => [p, w]));
    const inBody = flat.filter(([p]) => p >= bodyStart);
    const pool = inBody.length ? inBody : flat;
    if (!pool.length) return bodyStart;
    const score = ([p]) => new Set(flat.filter(([q]) => Math.abs(q - p) <= NEAR).map(([, w]) => w)).size;
    return pool.reduce((best, x) => (score(x) > score(best) || (score(x) === score(best) && x[0] < best[0]) ? x : best))[0];
  }

  async function snippet(doc, words, known) {
    const pos = bestPosition(known, manifest.head_end[doc] + 1);
    const start = Math.max(0, pos - BEFORE);
    const text = await readText(doc, start, pos + AFTER);
    const at = pos - start;
    const left = text.lastIndexOf(SEP, at - 1) + 1;
    let right = text.indexOf(SEP, at);
    if (right < 0) right = text.length;
    return { start, text: text.slice(left, right).join(""), cutStart: left === 0 && start > 0, cutEnd: right === text.length && text.length === pos + AFTER - start };
  }

  function marked(parent, text, words) {
    const folded = fold(text), ranges = [];
    for (const w of words) for (let at = folded.indexOf(w); at >= 0; at = folded.indexOf(w, at + w.length)) ranges.push([at, at + w.length]);
    ranges.sort((a, b) => a[0] - b[0]);
    let last = 0;
    for (const [a, b] of ranges) {
      if (a < last) continue;
      parent.append(text.slice(last, a));
      const mark = document.createElement("mark");
      mark.textContent = text.slice(a, b);
      parent.append(mark);
      last = b;
    }
    parent.append(text.slice(last));
  }

  const el = (tag, cls, text) => { const e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };

  async function renderHit(result, doc) {
    const words = result.query.words;
    const bodyStart = manifest.head_end[doc] + 1;
    const found = words.length ? await snippet(doc, words, result.perWord.map((m) => m.get(doc).positions)) : null;
    const [title, url, date] = (await piece(doc, Math.floor((found ? found.start : bodyStart) / manifest.text_chars))).meta;
    const li = el("li", "nb-hit");
    const a = el("a", "nb-hit-title", title);
    const params = new URLSearchParams();
    for (const w of words) params.append("h", w);
    a.href = root + url + (words.length ? `?${params}` : "");
    li.append(a);
    const facts = [manifest.orgs[manifest.org[doc]][1], `${manifest.year[doc]}年`, manifest.types[manifest.type[doc]][1]];
    if (date) facts.push(date);
    if (words.length) facts.push(`出现 ${result.count(doc)} 次`);
    li.append(el("div", "nb-hit-meta", facts.join(" · ")));
    if (found) {
      const p = el("p", "nb-snippet");
      if (found.cutStart) p.append("…");
      marked(p, found.text, words);
      if (found.cutEnd) p.append("…");
      li.append(p);
    }
    return li;
  }

  let manifest = null, current = 0;

  function readForm() {
    const data = new FormData(form);
    const from = data.get("from") || "", to = data.get("to") || "";
    return {
      q: (data.get("q") || "").trim(), org: data.get("org") || "", type: data.get("type") || "",
      year: from && from === to ? from : from || to ? `${from}-${to}` : "",
    };
  }

  const yearRange = (year) => (year.includes("-") ? year.split("-") : [year, year]);  // "2019-", "2019-2023" or "2021"

  function fillForm(state) {
    const [from, to] = yearRange(state.year);
    const values = { q: state.q, org: state.org, type: state.type, from, to };
    for (const [name, value] of Object.entries(values)) if (form.elements[name]) form.elements[name].value = value;
  }

  function stateFromUrl() {
    const p = new URLSearchParams(location.search);
    return { q: p.get("q") || "", org: p.get("org") || "", type: p.get("type") || "", year: p.get("year") || "" };
  }

  function showFacets(facets) {
    for (const select of form.querySelectorAll("select[data-facet]")) {
      for (const option of select.options) {
        option.dataset.label ??= option.textContent;
        if (!option.value) continue;
        const n = facets ? facets[select.dataset.facet].get(option.value) || 0 : 0;
        option.textContent = `${option.dataset.label}（${n}）`;
      }
    }
  }

  async function answer(state) {  // everything the first screen needs, fetched before the page has loaded
    manifest ??= await load("manifest.json");
    foldMap ??= await load("fold.json").then((pairs) => { const m = new Map(); const c = cps(pairs); for (let i = 0; i < c.length; i += 2) m.set(c[i], c[i + 1]); return m; });
    const [from, to] = yearRange(state.year);
    const result = await run(state.q, { org: state.org, type: state.type, from: Number(from) || 0, to: Number(to) || 0 });
    result.first = Promise.all(result.hits.slice(0, PAGE).map((d) => renderHit(result, d)));
    return result;
  }

  async function show(state, pending) {
    const token = ++current;
    fillForm(state);
    delete out.dataset.total;
    out.replaceChildren(el("p", "nb-status", "正在搜索…"));
    try {
      const result = await (pending || answer(state));
      if (token !== current) return;
      showFacets(result.facets);
      const list = el("ol", "nb-hits");
      const head = el("p", "nb-status");
      head.textContent = result.query.problem || (result.query.words.length ? `共有 ${result.hits.length} 篇报告包含“${result.query.words.join("”“")}”` : `共 ${result.hits.length} 篇报告`);
      const more = el("button", "md-button nb-more");
      more.type = "button";
      let shown = 0;
      const next = async (ready) => {
        more.disabled = true;
        const batch = result.hits.slice(shown, shown + PAGE);
        const items = await (ready || Promise.all(batch.map((d) => renderHit(result, d))));
        if (token !== current) return;
        list.append(...items);
        shown += batch.length;
        more.textContent = `更多（还有 ${result.hits.length - shown} 篇）`;
        more.hidden = shown >= result.hits.length;
        more.disabled = false;
      };
      more.addEventListener("click", () => next());
      await next(result.first);
      if (token !== current) return;
      out.replaceChildren(head, list, more);
      if (!result.hits.length && !result.query.problem) out.append(el("p", "nb-none", "没有找到符合条件的报告。可以换一个词、减少关键词，或清除筛选条件。"));
      out.dataset.total = String(result.hits.length);
    } catch (error) {
      const msg = location.protocol === "file:" ? "直接打开本地文件时浏览器不允许读取搜索索引，请通过网页服务器访问本站。" : `搜索索引加载失败：${error.message}`;
      out.replaceChildren(el("p", "nb-notice", msg));
    }
  }

  function submit(event) {
    event?.preventDefault();
    const state = readForm();
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(state)) if (v) params.set(k, v);
    history.pushState(null, "", `${location.pathname}${params.size ? `?${params}` : ""}`);
    show(state);
  }

  const initial = stateFromUrl();
  const pending = answer(initial);
  pending.catch(() => {});  // shown by show() once the page is ready
  domReady.then(() => {
    form = document.getElementById("nb-search");
    out = document.getElementById("search-results");
    if (!form || !out) return;
    form.addEventListener("submit", submit);
    form.addEventListener("change", (e) => { if (e.target.tagName === "SELECT") submit(); });
    form.addEventListener("reset", () => setTimeout(submit));
    window.addEventListener("popstate", () => show(stateFromUrl()));
    show(initial, pending);
  });
})();
