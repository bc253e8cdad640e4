// The page Stripe sends the client back to: until the webhook has recorded the payment it says "confirming";
// this asks the server again every few seconds and swaps in the new status (a live region announces it).
// Without JavaScript the page has a "Check again" link. No inline script anywhere (strict CSP).
(function () {
  "use strict";

  var EVERY_MS = 3000;
  var GIVE_UP_AFTER = 200; // about ten minutes; the page then says it will e-mail instead

  document.addEventListener("DOMContentLoaded", function () {
    var panel = document.querySelector("[data-payment-poll]");
    if (!panel || !window.fetch || !window.DOMParser) return;
    var url = panel.getAttribute("data-payment-poll");
    var tries = 0;
    var timer = window.setInterval(function () {
      tries += 1;
      if (tries > GIVE_UP_AFTER) {
        window.clearInterval(timer);
        return;
      }
      window
        .fetch(url, { credentials: "same-origin", cache: "no-store" })
        .then(function (response) {
          return response.ok ? response.text() : null;
        })
        .then(function (html) {
          if (!html) return;
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("payment-result");
          if (!fresh || fresh.hasAttribute("data-waiting")) return;
          window.clearInterval(timer);
          document.getElementById("payment-result").replaceWith(document.importNode(fresh, true));
          document.title = fresh.getAttribute("data-title") || document.title;
        })
        .catch(function () {
          /* offline for a moment: the next try will do */
        });
    }, EVERY_MS);
  });
})();
