// Signing the consent (clients/templates/clients/_consent_sign.html): a signature pad (vendor/signature_pad)
// on the canvas; on submit the drawing goes into the hidden "signature" field as a PNG data URL. Choosing
// "Type my name instead" hides the pad; an empty pad sends nothing and the server says so.
(function () {
  "use strict";

  function setUp(block) {
    var canvas = block.querySelector("[data-signature-canvas]");
    var field = block.querySelector("input[name$='signature']");
    var padBlock = block.querySelector("[data-signature-block]");
    var clear = block.querySelector("[data-signature-clear]");
    var form = block.closest("form");
    if (!canvas || !field || !form || typeof window.SignaturePad !== "function") return;
    var pad = new window.SignaturePad(canvas, { minWidth: 1, maxWidth: 3.2, penColor: "#111" });

    function fit() {
      // The canvas's pixels follow its CSS size and the screen's density (sharp lines on a tablet).
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var kept = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      pad.fromData(kept);
    }

    function method() {
      var checked = block.querySelector("input[name$='method']:checked");
      return checked ? checked.value : "drawn";
    }

    function showPad() {
      padBlock.hidden = method() !== "drawn";
      if (!padBlock.hidden) fit();
    }

    Array.prototype.forEach.call(block.querySelectorAll("input[name$='method']"), function (radio) {
      radio.addEventListener("change", showPad);
    });
    pad.addEventListener("beginStroke", function () {
      // A new attempt: the message about the last one (e.g. "empty") no longer applies.
      var box = block.querySelector(".signature-box");
      var error = block.querySelector("#signature-error");
      if (box) box.classList.remove("is-invalid");
      if (error) error.hidden = true;
    });
    window.addEventListener("resize", fit);
    clear.addEventListener("click", function () {
      pad.clear();
      field.value = "";
    });
    form.addEventListener("submit", function () {
      field.value = method() === "drawn" && !pad.isEmpty() ? pad.toDataURL("image/png") : "";
    });
    showPad();
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("[data-consent-sign]"), setUp);
  });
})();
