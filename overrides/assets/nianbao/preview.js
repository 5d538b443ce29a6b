// Preview only (`nianbao serve`): while reports have errors, show them above every page.
// The server keeps the last good pages, so without this banner an editor would see stale content and no reason.
(function () {
  "use strict";
  var script = document.currentScript;
  function show(problems) {
    var banner = document.createElement("section");
    banner.className = "nb-preview-problems";
    banner.setAttribute("role", "alert");
    var errors = problems.filter(function (p) { return p.severity === "error"; }).length;
    var title = document.createElement("p");
    title.className = "nb-preview-problems__title";
    title.textContent = errors
      ? "报告有 " + errors + " 处错误：本页显示的是上次成功生成的内容。请按下面的提示修改并保存，页面会自动刷新。"
      : "报告有 " + problems.length + " 处需要注意的问题：";
    banner.appendChild(title);
    var list = document.createElement("ul");
    problems.forEach(function (p) {
      var item = document.createElement("li");
      item.className = "nb-preview-problems__" + p.severity;
      item.textContent = p.text;
      list.appendChild(item);
    });
    banner.appendChild(list);
    var main = document.querySelector(".md-main") || document.body.firstChild;
    main.parentNode.insertBefore(banner, main);
  }
  fetch(script.dataset.problems, { cache: "no-store" })
    .then(function (response) { return response.ok ? response.json() : { problems: [] }; })
    .then(function (data) { if (data.problems && data.problems.length) show(data.problems); })
    .catch(function () {});
})();
