/* Report pages opened from a search result (?h=word&h=word): mark every occurrence and scroll to the first.
   Matching folds traditional/simplified and case like the index (search/data/fold.json). */
(() => {
  "use strict";
  const words = new URLSearchParams(location.search).getAll("h").filter(Boolean);
  const script = document.currentScript;
  if (!words.length || !script) return;
  const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  fetch(script.dataset.fold).then((r) => r.json()).then((pairs) => {
    const map = new Map();
    const c = Array.from(pairs);
    for (let i = 0; i < c.length; i += 2) map.set(c[i], c[i + 1]);
    const fold = (s) => { let o = ""; for (const ch of s) o += map.get(ch) ?? ch; return o; };
    // Each block is searched on its own, across its inline elements (e.g. **母婴**室), never across blocks.
    const blocks = document.querySelectorAll(".nb-card h1, .nb-summary, .nb-body :is(p, li, td, th, h1, h2, h3, h4, h5, h6, dt, dd, blockquote, pre)");
    const pattern = new RegExp(words.map((w) => escape(w).replace(/ /g, "\\s+")).join("|"), "gu");
    let first = null;
    for (const block of blocks) {
      if (block.querySelector(":is(p, li, td, th, h2, h3, h4, blockquote)")) continue;  // only innermost blocks
      const nodes = [], starts = [];
      let text = "";
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) { starts.push(text.length); nodes.push(walker.currentNode); text += walker.currentNode.data; }
      const matches = [...fold(text).matchAll(pattern)].map((m) => [m.index, m.index + m[0].length]);
      let blockFirst = null;
      for (const [a, b] of matches.reverse()) {  // from the end, so earlier offsets stay valid
        for (let i = nodes.length - 1; i >= 0; i--) {
          const s = Math.max(a, starts[i]), e = Math.min(b, starts[i] + nodes[i].data.length);
          if (s >= e) continue;
          const range = document.createRange();
          range.setStart(nodes[i], s - starts[i]);
          range.setEnd(nodes[i], e - starts[i]);
          const mark = document.createElement("mark");
          mark.className = "nb-hl";
          range.surroundContents(mark);
          blockFirst = mark;
        }
      }
      first ??= blockFirst;
    }
    first?.scrollIntoView({ block: "center" });
  }).catch(() => {});
})();
