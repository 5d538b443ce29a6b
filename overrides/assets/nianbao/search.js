/* Search page: answers queries from the hashed bigram/trigram index that hooks/nianbao/search/ builds.
   The same results as nianbao.search.reader (Python); see hooks/nianbao/search/codec.py and postings.py for the formats. */
/* Loaded with `async` first in the page head: the query in the URL is answered while the page still loads,
   and shown as soon as the results element has been parsed, before Material's bundle has run. */
(() => {
  "use strict";
  const script = document.currentScript;
  const base = script.dataset.index;
  const root = script.dataset.root;
  const PAGE = 10, BEFORE = 30, AFTER = 70, NEAR = 40, SEP = "\n", WIDTH = { a: 2, c: 3 };
  const domReady = new Promise((resolve) => {  // the form and the results element exist (the rest may still be parsing)
    const found = () => document.getElementById("search-results");
    if (found()) { resolve(); return; }
    const watch = new MutationObserver(() => { if (found()) { watch.disconnect(); resolve(); } });
    watch.observe(document, { childList: true, subtree: true });
    document.addEventListener("DOMContentLoaded", () => { watch.disconnect(); resolve(); }, { once: true });
  });
  const contentLoaded = new Promise((resolve) => {  // the whole page is parsed and DOMContentLoaded has been sent
    if (document.readyState !== "loading") resolve();
    else document.addEventListener("DOMContentLoaded", () => resolve(), { once: true });
  });
  let form = null, out = null;

  // Material's bundle (header, tabs, drawer, tooltips) is held in <template id="nb-bundle"> on this page: run at once, it
  // took the main thread for about 150 ms while the first results waited. It starts once they are shown (or a second after
  // the page is parsed, if they take longer). It mounts its parts on DOMContentLoaded, which has passed by then, so the
  // event is sent again when it has loaded; the page's other listeners of that event listen once.
  let bundleStarted = false;
  function startBundle() {
    const held = document.getElementById("nb-bundle")?.content.querySelector("script");
    if (bundleStarted || !held) return;
    bundleStarted = true;
    const tag = document.createElement("script");
    tag.src = held.src;
    tag.addEventListener("load", () => document.dispatchEvent(new Event("DOMContentLoaded")));
    document.body.append(tag);
  }
  contentLoaded.then(() => setTimeout(startBundle, 1000));

  const cache = new Map();
  function load(path, kind) {  // files under a/, c/, k/ and t/ are deflated (zlib format)
    if (!cache.has(path)) {
      cache.set(path, fetch(base + path).then((r) => {
        if (!r.ok) throw new Error(`${path}: HTTP ${r.status}`);
        if (/^[ackt]\//.test(path)) r = new Response(r.body.pipeThrough(new DecompressionStream("deflate")));
        return kind === "bin" ? r.arrayBuffer().then((b) => new Uint8Array(b)) : kind === "text" ? r.text() : r.json();
      }));
    }
    return cache.get(path);
  }

  let foldMap = null, manifest = null, columns = null;
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

  function slotOf(key) {  // the top 24 bits of a 32-bit FNV-1a over code points with MurmurHash3's finaliser, as codec.slot_of
    let h = 2166136261;
    for (const c of key) h = Math.imul(h ^ c.codePointAt(0), 16777619);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 8;
  }

  const bounds = {};  // tier → the first slot of each bucket file (the manifest's delta-coded varints, in base64)
  function fileOf(tier, slot) {
    if (!bounds[tier]) {
      const bytes = Uint8Array.from(atob(manifest.bounds[tier]), (c) => c.charCodeAt(0)), r = varints(bytes, 0), firsts = [];
      for (let at = 0; r.pos < bytes.length;) firsts.push(at += r.next());
      bounds[tier] = firsts.length ? firsts : [0];
    }
    const b = bounds[tier];
    let lo = 0, hi = b.length - 1;  // the last file whose first slot is not above the key's
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (b[mid] <= slot) lo = mid; else hi = mid - 1; }
    return lo;
  }

  const buckets = new Map();
  function bucket(tier, number) {  // → Map key → posting bytes
    const path = `${tier}/${number}.bin`;
    if (!buckets.has(path)) {
      buckets.set(path, load(path, "bin").then((bytes) => {
        const r = varints(bytes, 0), n = r.next(), width = WIDTH[tier], head = [];
        let prev = new Array(width).fill(0);
        for (let i = 0; i < n; i++) {
          const key = [];
          let same = true;
          for (let j = 0; j < width; j++) { const v = r.next(); key.push(same ? prev[j] + v : v); same = same && key[j] === prev[j]; }
          prev = key;
          head.push([key, r.next()]);
        }
        let pos = r.pos;
        const where = new Map();
        for (const [key, len] of head) { where.set(String.fromCodePoint(...key), bytes.subarray(pos, pos + len)); pos += len; }
        return where;
      }));
    }
    return buckets.get(path);
  }

  let big = null;  // tier → Set of the keys in files of their own (k/), from the manifest
  function bigKeys() {
    big ??= Object.fromEntries(Object.entries(WIDTH).map(([tier, w]) => {
      const c = cps(manifest.big[tier]), keys = new Set();
      for (let i = 0; i < c.length; i += w) keys.add(c.slice(i, i + w).join(""));
      return [tier, keys];
    }));
    return big;
  }

  async function entry(tier, key) {  // {bytes} from the key's bucket, {big, name} for a key in a file of its own, null if absent
    if (bigKeys()[tier].has(key)) return { big: true, name: `k/${cps(key).map((c) => c.codePointAt(0)).join("-")}.bin` };
    const bytes = (await bucket(tier, fileOf(tier, slotOf(key)))).get(key);
    return bytes ? { bytes } : null;
  }

  const posting = async (e) => (e.big ? load(e.name, "bin") : e.bytes);

  async function reportsWith(key) {  // tier A: report → counts by region and the first body (else first) position
    const e = await entry("a", key), found = new Map();
    if (!e) return found;
    const data = await posting(e), r = varints(data, 0);
    let doc = 0;
    while (r.pos < data.length) {
      const gap = r.next(), v = r.next(), [nTitle, nHead] = v & 1 ? [r.next(), r.next()] : [0, 0], nBody = Math.floor(v / 2);
      doc = found.size ? doc + gap : gap;
      found.set(doc, { counts: [nTitle, nHead, nBody], positions: [[r.next(), nBody ? 2 : nTitle ? 0 : 1]] });
    }
    return found;
  }

  function positions(data) {  // tier C: report → Map position → region
    const found = new Map(), r = varints(data, 0);
    let doc = 0;
    while (r.pos < data.length) {
      const gap = r.next(), v = r.next(), [nTitle, nHead] = v & 1 ? [r.next(), r.next()] : [0, 0], count = Math.floor(v / 2);
      doc = found.size ? doc + gap : gap;
      const at = new Map();
      for (let i = 0, p = 0; i < count; i++) { p += r.next(); at.set(p, i < nTitle ? 0 : i < nTitle + nHead ? 1 : 2); }
      found.set(doc, at);
    }
    return found;
  }

  function align(known) {  // [offset, positions] pairs → [doc, start, region] where every trigram sits at start + its offset
    const [anchorOff, anchor] = known.reduce((a, b) => (b[1].size < a[1].size ? b : a));
    const out = [];
    for (const [d, at] of anchor) {
      const others = known.map(([off, w]) => [off, w.get(d)]);
      if (others.some(([, w]) => !w)) continue;
      for (const [q, region] of at) {
        const p = q - anchorOff;
        if (others.every(([off, w]) => w.has(p + off))) out.push([d, p, region]);
      }
    }
    return out;
  }

  function cheapestCover(cost) {  // offsets whose trigrams cover every character (0 and the last included), least total cost
    const best = [cost[0]], from = [-1];
    for (let i = 1; i < cost.length; i++) {
      let j = i - 1;
      for (let k = Math.max(0, i - 3); k < i; k++) if (best[k] < best[j]) j = k;
      best.push(best[j] + cost[i]);
      from.push(j);
    }
    const plan = [];
    for (let i = cost.length - 1; i >= 0; i = from[i]) plan.push(i);
    return { plan, cost: best[cost.length - 1] };
  }

  async function matchWord(word) {  // tier A answers a two-character word; a longer one is checked on trigram positions
    const c = cps(word);
    if (c.length === 2) return reportsWith(word);
    const keys = [];
    for (let i = 0; i + 2 < c.length; i++) keys.push(c[i] + c[i + 1] + c[i + 2]);
    const entries = await Promise.all(keys.map((k) => entry("c", k)));
    if (entries.some((e) => !e)) return new Map();
    // Trigrams in files of their own are fetched only when neither the others nor the candidates' text settle it more cheaply.
    const small = entries.flatMap((e, i) => (e.big ? [] : [[i, positions(e.bytes)]]));
    const { plan, cost } = cheapestCover(entries.map((e) => (e.big ? manifest.big_bytes : 0)));  // a big posting: at least that
    let found = small.length ? align(small) : null;
    if (cost > 0) {
      const pieces = found && new Set(found.flatMap(([d, p]) => [`${d}-${Math.floor(p / manifest.text_chars)}`, `${d}-${Math.floor((p + c.length - 1) / manifest.text_chars)}`]));
      if (found && pieces.size * manifest.text_bytes < cost) {  // text_bytes: what a piece costs on average
        const ok = await Promise.all(found.map(async ([d, p]) => fold((await readText(d, p, p + c.length)).join("")) === word));
        found = found.filter((_, i) => ok[i]);
      } else {
        const fetched = await Promise.all(plan.filter((i) => entries[i].big).map(async (i) => [i, positions(await posting(entries[i]))]));
        found = align(small.concat(fetched));
      }
    }
    const hits = new Map();
    for (const [d, p, region] of found.sort((x, y) => x[0] - y[0] || x[1] - y[1])) {
      if (!hits.has(d)) hits.set(d, { counts: [0, 0, 0], positions: [] });
      const h = hits.get(d);
      h.counts[region]++;
      h.positions.push([p, region]);
    }
    return hits;
  }

  const facet = (name, doc) => columns[name][doc];
  const orgOf = (doc) => manifest.orgs[facet("org", doc)];
  const typeOf = (doc) => manifest.types[facet("type", doc)];
  const yearOf = (doc) => manifest.year0 + facet("year", doc);

  function accepts(f, doc) {
    const year = yearOf(doc);
    return (!f.org || orgOf(doc)[0] === f.org) && (!f.type || typeOf(doc)[0] === f.type) && (!f.from || year >= f.from) && (!f.to || year <= f.to);
  }

  async function run(q, filters) {
    const query = parseQuery(q);
    if (query.problem) return { query, hits: [], facets: null };
    const perWord = await Promise.all(query.words.map(matchWord));
    columns ??= readColumns(await load("docs.bin", "bin"));
    let docs = perWord.length ? [...perWord[0].keys()].filter((d) => perWord.every((m) => m.has(d))).sort((a, b) => a - b)
      : Array.from({ length: manifest.reports }, (_, i) => i);
    const facets = { org: new Map(), year: new Map(), type: new Map() };
    const others = { org: { ...filters, org: "" }, year: { ...filters, from: 0, to: 0 }, type: { ...filters, type: "" } };
    const kept = [];
    for (const d of docs) {
      const values = { org: orgOf(d)[0], year: String(yearOf(d)), type: typeOf(d)[0] };
      for (const name of ["org", "year", "type"]) if (accepts(others[name], d)) facets[name].set(values[name], (facets[name].get(values[name]) || 0) + 1);
      if (accepts(filters, d)) kept.push(d);
    }
    const rank = (d) => { const c = [0, 1, 2].map((r) => perWord.reduce((s, m) => s + m.get(d).counts[r], 0)); return [-c[0], -c[1], -(c[0] + c[1] + c[2]), d]; };
    const keys = new Map(kept.map((d) => [d, rank(d)]));
    kept.sort((a, b) => { const x = keys.get(a), y = keys.get(b); for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i]; return 0; });
    return { query, perWord, hits: kept, facets, count: (d) => -keys.get(d)[2] };
  }

  function readColumns(bytes) {  // org, year (less year0) and type number of every report: little-endian, widths in the manifest
    const out = {}, n = manifest.reports;
    let at = 0;
    for (const name of ["org", "year", "type"]) {
      const width = manifest.widths[name], col = new Array(n);
      for (let i = 0; i < n; i++, at += width) { let v = 0; for (let b = width - 1; b >= 0; b--) v = v * 256 + bytes[at + b]; col[i] = v; }
      out[name] = col;
    }
    return out;
  }

  const pieces = new Map();
  function piece(doc, k) {  // → {meta: [title, url, date], text: [code points]}
    const path = `t/${doc}-${k}.bin`;
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

  function bestPosition(known) {  // the occurrence with the most different words near it, preferring the body (region 2)
    const flat = known.flatMap((ps, w) => ps.map(([p, region]) => [p, w, region]));
    const inBody = flat.filter((x) => x[2] === 2);
    const pool = inBody.length ? inBody : flat;
    if (!pool.length) return 0;
    const score = ([p]) => new Set(flat.filter(([q]) => Math.abs(q - p) <= NEAR).map(([, w]) => w)).size;
    return pool.reduce((best, x) => (score(x) > score(best) || (score(x) === score(best) && x[0] < best[0]) ? x : best))[0];
  }

  async function snippet(doc, words, known) {
    const pos = bestPosition(known);
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
    const found = words.length ? await snippet(doc, words, result.perWord.map((m) => m.get(doc).positions)) : null;
    const [title, url, date] = (await piece(doc, Math.floor((found ? found.start : 0) / manifest.text_chars))).meta;
    const li = el("li", "nb-hit");
    const a = el("a", "nb-hit-title", title);
    const params = new URLSearchParams();
    for (const w of words) params.append("h", w);
    a.href = root + url + (words.length ? `?${params}` : "");
    li.append(a);
    const facts = [orgOf(doc)[1], `${yearOf(doc)}年`, typeOf(doc)[1]];
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

  let current = 0;

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
    [manifest, foldMap] = await Promise.all([load("manifest.json"), foldMap ?? load("fold.json").then((pairs) => {
      const m = new Map(), c = cps(pairs);
      for (let i = 0; i < c.length; i += 2) m.set(c[i], c[i + 1]);
      return m;
    })]);
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
      const msg = location.protocol === "file:" ? "直接打开本地文件时浏览器不允许读取搜索索引，请通过网页服务器访问本站。"
        : typeof DecompressionStream === "undefined" ? "这个浏览器版本过旧，不能读取搜索索引。请使用 Chrome 或 Edge 80、Firefox 113、Safari 16.4 或更新的版本。"
        : `搜索索引加载失败：${error.message}`;
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
    show(initial, pending).finally(() => contentLoaded.then(startBundle));
  });
})();
