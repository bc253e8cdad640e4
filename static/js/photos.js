// Photo pages: while a photo's sizes are being made (a placeholder shows), look again every few seconds.
(function () {
  "use strict";
  var key = "photos-reloads:" + location.pathname;
  if (!document.querySelector(".photo-pending")) {
    sessionStorage.removeItem(key);
    return;
  }
  var done = parseInt(sessionStorage.getItem(key) || "0", 10);
  if (done >= 20) return; // about a minute: then the page says so and waits for a manual reload
  setTimeout(function () {
    sessionStorage.setItem(key, String(done + 1));
    location.reload();
  }, 3000);
})();
