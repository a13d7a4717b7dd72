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
