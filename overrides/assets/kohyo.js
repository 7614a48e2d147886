// A table wider than the screen scrolls inside its wrapper; make that wrapper reachable and
// scrollable by keyboard, and name it after the table's caption (WCAG 2.1.1, 4.1.2).
window.document$.subscribe(function () {
  document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
    if (wrap.scrollWidth <= wrap.clientWidth) return;
    var caption = wrap.querySelector("caption");
    wrap.setAttribute("tabindex", "0");
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : "表");
  });
});
