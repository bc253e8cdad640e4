// "Copy" buttons: <button data-copy="#id-of-an-input" hidden>; the button shows once this file runs (without it
// the address stays selectable in its read-only box), copies the input's value and says so in a live region.
(function () {
  "use strict";

  function say(button, text) {
    var status = document.getElementById(button.getAttribute("aria-describedby") || "");
    if (status) status.textContent = text;
  }

  function copyFrom(input) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(input.value);
    // Older browsers and plain-http addresses: select the text and ask the browser to copy it.
    input.focus();
    input.select();
    return document.execCommand("copy") ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  document.addEventListener("DOMContentLoaded", function () {
    var buttons = document.querySelectorAll("button[data-copy]");
    Array.prototype.forEach.call(buttons, function (button) {
      var input = document.querySelector(button.getAttribute("data-copy"));
      if (!input) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        copyFrom(input).then(
          function () { say(button, "Copied: paste it into your calendar app."); },
          function () {
            input.focus();
            input.select();
            say(button, "Couldn't copy here: the address is selected, copy it with your device's Copy.");
          }
        );
      });
    });
  });
})();
