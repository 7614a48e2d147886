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

// Listings with tags (experts, news, cases) are plain lists, with an index by tag below them
// that works without JavaScript. Here we add toggle buttons that narrow the list to one tag.
window.document$.subscribe(function () {
  document.querySelectorAll(".kohyo-filter[data-filter-group]").forEach(function (box) {
    if (box.dataset.ready) return;
    box.dataset.ready = "1";
    var group = box.dataset.filterGroup;
    var lists = document.querySelectorAll("ul[data-filter-group='" + group + "']");
    var items = [];
    lists.forEach(function (list) { items = items.concat(Array.prototype.slice.call(list.children)); });
    // The vocabulary's own order when the page gives it, else the order tags first appear in.
    var tags = box.dataset.filterTags ? box.dataset.filterTags.split("|") : [];
    items.forEach(function (item) {
      (item.dataset.tags || "").split("|").forEach(function (tag) {
        if (tag && tags.indexOf(tag) < 0) tags.push(tag);
      });
    });
    if (!tags.length) return;
    var label = document.createElement("p");
    label.className = "kohyo-filter__label";
    label.id = "kohyo-filter-" + group;
    label.textContent = box.dataset.filterLabel;
    var buttons = document.createElement("div");
    buttons.className = "kohyo-filter__buttons";
    buttons.setAttribute("role", "group");
    buttons.setAttribute("aria-labelledby", label.id);
    var status = document.createElement("p");
    status.className = "kohyo-filter__status";
    status.setAttribute("role", "status");
    function apply(tag, pressed) {
      var shown = 0;
      items.forEach(function (item) {
        var match = !tag || (item.dataset.tags || "").split("|").indexOf(tag) >= 0;
        item.hidden = !match;
        if (match) shown++;
      });
      lists.forEach(function (list) {
        var section = list.closest(".kohyo-filter-section");
        var any = Array.prototype.some.call(list.children, function (li) { return !li.hidden; });
        if (section && section.querySelectorAll("ul[data-filter-group]").length === 1) section.hidden = !any;
      });
      buttons.querySelectorAll("button").forEach(function (b) {
        b.setAttribute("aria-pressed", b === pressed ? "true" : "false");
      });
      status.textContent = tag ? "「" + tag + "」の " + shown + "件を表示しています。" : "";
    }
    ["すべて"].concat(tags).forEach(function (tag, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "kohyo-filter__button";
      b.textContent = tag;
      b.setAttribute("aria-pressed", i === 0 ? "true" : "false");
      b.addEventListener("click", function () { apply(i === 0 ? "" : tag, b); });
      buttons.appendChild(b);
    });
    box.appendChild(label);
    box.appendChild(buttons);
    box.appendChild(status);
  });
});

// Below 1220 px Material's navigation is a drawer slid off-screen while closed, yet its links
// stayed in the Tab order (60 invisible stops before the content) and the menu button, a
// <label>, could not be focused at all (WCAG 2.1.1, 2.4.3, 2.4.7). The closed drawer is made
// inert; the labels that open the drawer and the search become keyboard buttons.
(function () {
  var wide = window.matchMedia("(min-width: 76.25em)");
  var toggle = document.getElementById("__drawer");
  var drawer = document.querySelector(".md-sidebar--primary");
  var menu = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!toggle || !drawer) return;

  function setInert(el, on) {
    el.inert = on;
    if (on) el.setAttribute("inert", ""); else el.removeAttribute("inert");
  }

  function sync() {
    setInert(drawer, !wide.matches && !toggle.checked);
    if (menu) menu.setAttribute("aria-expanded", toggle.checked ? "true" : "false");
  }

  function asButton(label, name) {
    if (!label) return;
    label.setAttribute("tabindex", "0");
    label.setAttribute("role", "button");
    if (!label.getAttribute("aria-label")) label.setAttribute("aria-label", name);
    label.addEventListener("keydown", function (e) {
      // Material's own keyboard handler already clicks a focused label on Enter.
      if (e.key !== " " && e.key !== "Spacebar") return;
      e.preventDefault();
      label.click();
    });
  }

  asButton(menu, "メニュー");
  if (menu) menu.setAttribute("aria-controls", drawer.id || (drawer.id = "kohyo-drawer"));
  asButton(document.querySelector('label.md-header__button[for="__search"]'), "検索");

  toggle.addEventListener("change", function () {
    sync();
    if (toggle.checked && !wide.matches) {
      // Into the drawer, on its first link, so the next Tab is inside what just opened.
      var first = drawer.querySelector("a[href], label[tabindex='0'], [tabindex='0']");
      if (first) window.setTimeout(function () { first.focus(); }, 50);
    }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape" || !toggle.checked) return;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    if (menu) menu.focus();
  });
  if (wide.addEventListener) wide.addEventListener("change", sync); else wide.addListener(sync);
  window.addEventListener("resize", sync);
  sync();
})();

// The search result count ("12 件の検索結果") changes as the reader types but was never
// announced to screen readers (WCAG 4.1.3): its line becomes a polite live region.
(function () {
  var meta = document.querySelector(".md-search-result__meta");
  if (!meta) return;
  meta.setAttribute("role", "status");
  meta.setAttribute("aria-live", "polite");
  meta.setAttribute("aria-atomic", "true");
})();
