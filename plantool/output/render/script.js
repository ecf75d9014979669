
(function () {
  "use strict";
  var nav = document.querySelector("nav.outline details");
  if (nav && window.matchMedia("(max-width: 800px)").matches) { nav.open = false; }
  function jump(row) {
    var el = row.dataset.target ? document.getElementById(row.dataset.target) : null;
    if (!el) { return; }
    el.scrollIntoView({block: "center", inline: "nearest"});
    el.classList.remove("flash");
    void el.offsetWidth;
    el.classList.add("flash");
    el.addEventListener("animationend", function () { el.classList.remove("flash"); }, {once: true});
    el.focus({preventScroll: true});
  }
  Array.prototype.forEach.call(document.querySelectorAll("[data-table]"), function (box) {
    var rows = Array.prototype.slice.call(box.querySelectorAll("tbody tr"));
    var selects = Array.prototype.slice.call(box.querySelectorAll("select[data-filter]"));
    var text = box.querySelector("input[data-filter-text]");
    var shown = box.querySelector("output[data-shown]");
    function apply() {
      var q = text ? text.value.trim().toLowerCase() : "";
      var n = 0;
      rows.forEach(function (row) {
        var ok = !q || row.textContent.toLowerCase().indexOf(q) >= 0;
        selects.forEach(function (s) {
          if (s.value !== "*" && row.getAttribute("data-" + s.dataset.filter) !== s.value) { ok = false; }
        });
        row.hidden = !ok;
        if (ok) { n += 1; }
      });
      if (shown) { shown.textContent = n + " of " + rows.length + " shown"; }
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    if (text) { text.addEventListener("input", apply); }
    box.addEventListener("click", function (e) {
      var row = e.target.closest("tbody tr[data-target]");
      if (row) { e.preventDefault(); jump(row); }
    });
    box.addEventListener("keydown", function (e) {
      var row = e.target.closest("tbody tr[data-target]");
      if (row && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); jump(row); }
    });
    apply();
  });
})();
