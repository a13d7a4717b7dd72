// Names for the stock admin's controls that have none, so that screen readers announce them
// and axe-core finds no unlabelled input on any staff page (issue 13):
// - fields of tabular inlines, whose only label is their column's header;
// - select2 boxes of autocomplete fields, named after the select they replace, with their
//   lists of chosen items holding list items only;
// - the version radios of the history page (django-reversion-compare).
// Runs again whenever the admin or select2 adds elements (new inline rows, chosen items).
(function () {
  "use strict";
  function text(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }
  function labelOf(control) {
    if (control.id) {
      var label = document.querySelector("label[for='" + control.id + "']");
      if (label && text(label)) return text(label).replace(/:$/, "");
    }
    var cell = control.closest("td[class*='field-']");
    if (cell) {
      var name = Array.from(cell.classList).find(function (c) { return c.indexOf("field-") === 0; });
      var table = cell.closest("table");
      var header = table && table.querySelector("th.column-" + name.slice(6));
      return text(header);
    }
    return "";
  }
  function name(element, label) {
    if (label && !element.getAttribute("aria-label") && !element.labels?.length) {
      element.setAttribute("aria-label", label);
    }
  }
  function fix(root) {
    root.querySelectorAll(".tabular td input:not([type=hidden]), .tabular td select, .tabular td textarea")
      .forEach(function (control) { name(control, labelOf(control)); });
    root.querySelectorAll(".tabular th.original").forEach(function (th) {
      if (!text(th)) th.innerHTML = '<span class="visually-hidden">Запись</span>';
    });
    root.querySelectorAll("span.select2-container").forEach(function (box) {
      var select = box.previousElementSibling;
      if (!select || select.tagName !== "SELECT") return;
      var label = labelOf(select);
      box.querySelectorAll(".select2-selection[role=combobox], .select2-search__field, .select2-selection__rendered[role=textbox]")
        .forEach(function (control) {
          control.removeAttribute("aria-labelledby");
          control.setAttribute("aria-label", label);
        });
    });
    // A list holds list items only: select2 puts its «clear all» button (a span) inside the
    // list of chosen items. Beside the list it still works (select2 listens on the box) and
    // goes when select2 draws the choices again.
    root.querySelectorAll("ul.select2-selection__rendered > :not(li)").forEach(function (child) {
      var list = child.parentNode;
      list.parentNode.insertBefore(child, list);
    });
    // Icons that carry a description (filter_horizontal's search hints) are images.
    root.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
    var search = document.getElementById("searchbar");
    if (search && !search.getAttribute("aria-label") && !text(search.labels && search.labels[0])) {
      search.setAttribute("aria-label", "Поиск");
    }
    // A filter choice for an empty value (django-axes' empty path) is a link with no text.
    root.querySelectorAll("#changelist-filter a").forEach(function (link) {
      if (!text(link)) link.textContent = "(пусто)";
    });
    root.querySelectorAll("#change-history input[type=radio]").forEach(function (radio) {
      var row = radio.closest("tr");
      var which = radio.name === "version_id1" ? "Сравнить: старая версия" : "Сравнить: новая версия";
      name(radio, which + ", " + text(row && row.querySelector("th")));
      var cell = radio.closest("td[scope]");
      if (cell) cell.removeAttribute("scope");
    });
  }
  var pending = false;
  function later() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; fix(document); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    fix(document);
    new MutationObserver(later).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", later);
})();
