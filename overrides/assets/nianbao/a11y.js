// Keyboard access to the parts of Material that its script lays out or that it opens with a <label> (WCAG 2.1.1).
(() => {
  "use strict";
  // The menu button: Material's is a <label> for the drawer's checkbox, which Tab never reaches. A button with its icon
  // takes its place; it ticks the checkbox as the label did, says whether the drawer is open, and Escape closes it.
  // (Without JavaScript the label stays: a mouse or a finger can still open the drawer.)
  const drawer = document.getElementById("__drawer");
  const label = document.querySelector(`.md-header__button[for="__drawer"]`);
  if (drawer && label) {
    const menu = document.createElement("button");
    menu.type = "button";
    menu.className = "md-header__button md-icon nb-menu";
    menu.setAttribute("aria-label", "导航菜单");
    menu.append(...label.childNodes);
    label.replaceWith(menu);
    const show = () => menu.setAttribute("aria-expanded", String(drawer.checked));
    menu.addEventListener("click", () => drawer.click());
    drawer.addEventListener("change", show);
    document.addEventListener("keydown", (event) => {
      if (event.key !== "Escape" || !drawer.checked) return;
      drawer.click();
      menu.focus();
    });
    show();
  }

  // Material lets Markdown tables (report bodies, the guide) and code blocks scroll sideways in boxes it lays out at
  // run time. Where one really scrolls, it becomes a named, focusable region like the site's own tables, so that the
  // keyboard can scroll it and screen readers say that it scrolls; where it fits, it stays out of the tab order.
  const kinds = [[".md-typeset__scrollwrap", "表格"], [".md-typeset pre > code", "代码"]];
  const mark = () => {
    for (const [selector, what] of kinds) {
      document.querySelectorAll(selector).forEach((box, i) => {
        if (box.scrollWidth > box.clientWidth + 1) {
          box.tabIndex = 0;
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", `${what} ${i + 1}（可左右滚动）`);
        } else if (box.getAttribute("role") === "region") {
          for (const name of ["tabindex", "role", "aria-label"]) box.removeAttribute(name);
        }
      });
    }
  };
  addEventListener("load", mark);
  addEventListener("resize", mark);
})();
