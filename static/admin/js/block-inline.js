// Shows each block's fields for its kind (text or quote). Without JavaScript every field shows
// and the server ignores the ones that do not apply.
(function () {
  "use strict";
  function sync(row) {
    var select = row.querySelector("select[name$='-kind']");
    if (!select) return;
    row.classList.toggle("kind-text", select.value === "text");
    row.classList.toggle("kind-quote", select.value === "quote");
  }
  function syncAll() {
    document.querySelectorAll(".blocks-inline .inline-related").forEach(sync);
  }
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches(".blocks-inline select[name$='-kind']")) {
      sync(event.target.closest(".inline-related"));
    }
  });
  document.addEventListener("formset:added", function (event) { sync(event.target); });
  document.addEventListener("DOMContentLoaded", syncAll);
})();

// The order of blocks: «Выше» and «Ниже» buttons on each block (keyboard and screen readers)
// and dragging a block by its header. The «Порядок» numbers are kept, hidden, and renumbered
// 10, 20, 30… in the order shown; without JavaScript they stay visible and editable, and the
// server orders by them (articles/admin.py BlockFormSet.save).
(function () {
  "use strict";
  function group() { return document.querySelector(".blocks-inline"); }
  function blocks() {
    return Array.from(group().querySelectorAll(".inline-related:not(.empty-form)"));
  }
  function renumber() {
    blocks().forEach(function (block, index) {
      var position = block.querySelector("input[name$='-position']");
      if (position) position.value = (index + 1) * 10;
      var label = block.querySelector(".inline_label");
      if (label) label.textContent = "№ " + (index + 1);
      var up = block.querySelector(".block-up"), down = block.querySelector(".block-down");
      if (up) up.disabled = index === 0;
      if (down) down.disabled = index === blocks().length - 1;
      if (up) up.setAttribute("aria-label", "Переместить блок № " + (index + 1) + " выше");
      if (down) down.setAttribute("aria-label", "Переместить блок № " + (index + 1) + " ниже");
    });
  }
  // A CKEditor is an iframe: moved in the page, it reloads empty. Its text is written back to
  // the textarea, the editor taken down, the block moved, and the editor put up again.
  function editors(block) {
    if (!window.CKEDITOR) return [];
    // By element, not by id: removing a new block renumbers the ids of the forms after it,
    // and CKEditor keeps each editor under the id its textarea had.
    return Object.values(CKEDITOR.instances).filter(function (editor) {
      return block.contains(editor.element.$);
    });
  }
  function move(block, before) {
    var areas = editors(block).map(function (editor) {
      var area = editor.element.$;
      editor.updateElement();
      editor.destroy();
      return area;
    });
    block.parentNode.insertBefore(block, before);
    areas.forEach(function (area) {
      CKEDITOR.replace(area, JSON.parse(area.getAttribute("data-config")));
    });
    renumber();
  }
  function shift(block, step) {
    var list = blocks(), index = list.indexOf(block), target = index + step;
    if (target < 0 || target >= list.length) return;
    move(block, step < 0 ? list[target] : list[target].nextSibling);
    var button = block.querySelector(step < 0 ? ".block-up" : ".block-down");
    (button.disabled ? block.querySelector(".block-up:not(:disabled), .block-down:not(:disabled)") : button)?.focus();
  }
  function equip(block) {
    if (block.classList.contains("empty-form") || block.querySelector(".block-order")) return;
    var header = block.querySelector("h3");
    var tools = document.createElement("span");
    tools.className = "block-order";
    tools.innerHTML = '<button type="button" class="block-up">↑ Выше</button>' +
      '<button type="button" class="block-down">↓ Ниже</button>';
    header.appendChild(tools);
    header.setAttribute("draggable", "true");
    header.title = "Перетащите, чтобы изменить порядок";
    tools.querySelector(".block-up").addEventListener("click", function () { shift(block, -1); });
    tools.querySelector(".block-down").addEventListener("click", function () { shift(block, 1); });
    header.addEventListener("dragstart", function (event) {
      dragged = block;
      block.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", "");
    });
    header.addEventListener("dragend", function () { block.classList.remove("dragging"); dragged = null; });
    block.addEventListener("dragover", function (event) {
      if (dragged && dragged !== block) event.preventDefault();
    });
    block.addEventListener("drop", function (event) {
      if (!dragged || dragged === block) return;
      event.preventDefault();
      var list = blocks();
      var after = list.indexOf(dragged) < list.indexOf(block);
      move(dragged, after ? block.nextSibling : block);
    });
  }
  // Removing a new block renumbers the ids of the forms after it; their editors keep the old
  // ids as names, and one would clash with an editor put up later. Put them up again.
  function resync() {
    if (!window.CKEDITOR || !group()) return;
    Object.values(CKEDITOR.instances).forEach(function (editor) {
      if (!document.contains(editor.element.$)) editor.destroy(true);  // the removed block's
    });
    var stale = Object.values(CKEDITOR.instances).filter(function (editor) {
      return group().contains(editor.element.$) && editor.name !== editor.element.$.id;
    });
    var areas = stale.map(function (editor) {
      var area = editor.element.$;
      editor.updateElement();
      editor.destroy();
      return area;
    });
    areas.forEach(function (area) {
      CKEDITOR.replace(area, JSON.parse(area.getAttribute("data-config")));
    });
    renumber();
  }
  document.addEventListener("formset:removed", function () {
    window.setTimeout(resync, 0);  // the admin renumbers the forms after sending the event
  });
  var dragged = null;
  function start() {
    if (!group()) return;
    group().classList.add("ordered-by-script");
    blocks().forEach(equip);
    renumber();
    var form = group().closest("form");
    if (form) form.addEventListener("submit", renumber);
  }
  document.addEventListener("formset:added", function (event) {
    if (!group() || !group().contains(event.target)) return;
    equip(event.target);
    renumber();
  });
  document.addEventListener("DOMContentLoaded", start);
})();
