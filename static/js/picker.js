// The booking and reschedule pages' day picker. Works without this file (every control reloads the page);
// with it the strip keeps the chosen day in view, and after htmx swaps the picker in, focus stays on the
// control that was used and a live region says which times are now shown.
(function () {
  "use strict";

  function showChosenDay(root) {
    var strip = root.querySelector(".day-strip");
    var chosen = strip && strip.querySelector('[aria-current="date"]');
    if (!chosen || strip.scrollWidth <= strip.clientWidth) return;
    // Scroll the strip only (scrollIntoView would also move the page).
    strip.scrollLeft = Math.max(0, chosen.offsetLeft - (strip.clientWidth - chosen.offsetWidth) / 2);
  }

  // What identifies a control across a swap: a day button's value, a link's text.
  var lastControl = null;

  function keyOf(elt) {
    if (elt.tagName === "BUTTON" && elt.value) return { value: elt.value };
    return { text: elt.textContent.trim() };
  }

  function findControl(root, key) {
    var controls = root.querySelectorAll(".day-strip > .btn, .day-pager > .btn");
    for (var i = 0; i < controls.length; i++) {
      var c = controls[i];
      if ((key.value && c.value === key.value) || (key.text && c.textContent.trim() === key.text)) return c;
    }
    return null;
  }

  document.addEventListener("DOMContentLoaded", function () {
    showChosenDay(document);
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var elt = event.detail.elt;
    lastControl = elt && elt.closest && elt.closest("#picker") ? keyOf(elt) : null;
  });

  document.addEventListener("htmx:afterSettle", function () {
    var picker = document.getElementById("picker");
    if (!picker) return;
    showChosenDay(picker);
    var again = lastControl && findControl(picker, lastControl);
    var target = again || picker.querySelector('.day-strip [aria-current="date"]');
    if (lastControl && target) target.focus();
    var status = document.getElementById("picker-status");
    var legend = document.getElementById("times-legend");
    if (status && legend) status.textContent = legend.textContent.trim();
  });
})();
