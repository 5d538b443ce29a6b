/* Material's inline content script, as a file so that the CSP can forbid inline scripts (partials/javascripts/content.html).
   Runs right after the content: selects the content tabs the reader chose last (content.tabs.link) and the tab a link
   points to (#__tabbed_…). */
(() => {
  "use strict";
  const tabs = "tabsLink" in document.currentScript.dataset ? __md_get("__tabs") : null;
  if (Array.isArray(tabs)) {
    sets: for (const set of document.querySelectorAll(".tabbed-set")) {
      const labels = set.querySelector(".tabbed-labels");
      for (const tab of tabs)
        for (const label of labels.getElementsByTagName("label"))
          if (label.innerText.trim() === tab) {
            document.getElementById(label.htmlFor).checked = true;
            continue sets;
          }
    }
  }
  const target = document.getElementById(location.hash.slice(1));
  if (target && target.name) target.checked = target.name.startsWith("__tabbed_");
})();
