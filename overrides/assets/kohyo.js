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
