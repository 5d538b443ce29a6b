// The report page's "打印 / 导出 PDF" button: a listener in a file, since the CSP blocks onclick="…" attributes.
document.querySelector(".nb-print")?.addEventListener("click", () => window.print());
