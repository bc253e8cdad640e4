// The calendar's time grid. Works without this file (free times are links, "Move…" opens the move form);
// with it the now line follows the clock, a free time's booking form opens in place, and an appointment can be
// dragged to another time or artist.
(function () {
  "use strict";
  var STEP = 15;

  // The now line sits in a 15-minute row (row-start-N) at an offset inside it (now-off-M): move it each minute.
  function moveNowLines() {
    var now = new Date();
    var minutes = now.getHours() * 60 + now.getMinutes();
    document.querySelectorAll("[data-now]").forEach(function (row) {
      var grid = row.closest(".cal-grid");
      var from = minutes - parseInt(grid.dataset.firstMinute, 10);
      if (from < 0 || from >= parseInt(grid.dataset.rows, 10) * STEP) {
        row.hidden = true;
        return;
      }
      row.hidden = false;
      row.className = "cal-now-row span-1 row-start-" + (1 + Math.floor(from / STEP));
      row.firstElementChild.className = "cal-now now-off-" + (from % STEP);
    });
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  // Where a drop puts the appointment's top edge: the 15-minute row under it, as a wall-clock time.
  function droppedAt(body, clientY, grab) {
    var grid = body.closest(".cal-grid");
    var rows = parseInt(grid.dataset.rows, 10);
    var rowHeight = body.getBoundingClientRect().height / rows;
    var row = Math.round((clientY - grab - body.getBoundingClientRect().top) / rowHeight);
    var minutes = parseInt(grid.dataset.firstMinute, 10) + Math.max(0, Math.min(rows - 1, row)) * STEP;
    return pad(Math.floor(minutes / 60)) + ":" + pad(minutes % 60);
  }

  function say(text) {
    var box = document.getElementById("grid-message");
    box.textContent = text;
    box.classList.remove("d-none");
    box.scrollIntoView({ block: "nearest" });
  }

  function move(calendar, dragged, body, at) {
    var data = new FormData();
    data.append("appointment", dragged.dataset.appointment);
    data.append("artist", body.dataset.artist);
    data.append("date", body.dataset.date);
    data.append("time", at);
    data.append("csrfmiddlewaretoken", document.querySelector("#grid-csrf [name=csrfmiddlewaretoken]").value);
    fetch(calendar.dataset.moveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (answer.moved) {
            window.location.reload();
          } else {
            dragged.classList.remove("is-dragging");
            dragged.classList.add("is-refused"); // the one the message is about, left where it was
            say(answer.message);
          }
        });
      })
      .catch(function () {
        dragged.classList.remove("is-dragging");
        say("The move could not be sent (connection lost?). Nothing changed; use the appointment's “Move…” link.");
      });
  }

  function enableDragging(calendar) {
    var dragged = null;
    var grab = 0;
    calendar.addEventListener("dragstart", function (event) {
      var block = event.target.closest && event.target.closest(".cal-appt[draggable=true]");
      if (!block) return;
      document.querySelectorAll(".cal-appt.is-refused").forEach(function (b) {
        b.classList.remove("is-refused");
      });
      dragged = block;
      grab = event.clientY - block.getBoundingClientRect().top;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", block.dataset.appointment);
      block.classList.add("is-dragging");
    });
    calendar.addEventListener("dragend", function () {
      if (dragged) dragged.classList.remove("is-dragging");
    });
    calendar.addEventListener("dragover", function (event) {
      if (dragged && event.target.closest(".cal-body[data-artist]")) event.preventDefault();
    });
    calendar.addEventListener("drop", function (event) {
      var body = event.target.closest(".cal-body[data-artist]");
      if (!dragged || !body) return;
      event.preventDefault();
      move(calendar, dragged, body, droppedAt(body, event.clientY, grab));
    });
  }

  // A free time opens its booking form in the panel above the grid (htmx), not a new page; the link's own
  // address is the same form as a page, for a new tab or without JavaScript.
  function enableBookingPanel(calendar) {
    var panel = document.getElementById("grid-panel");
    if (!panel || !window.htmx) return;
    calendar.addEventListener("click", function (event) {
      var cell = event.target.closest(".cal-free");
      if (!cell || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      window.htmx.ajax("GET", cell.getAttribute("href"), { target: "#grid-panel" });
    });
    panel.addEventListener("click", function (event) {
      if (!event.target.closest("[data-close-panel]")) return;
      event.preventDefault();
      panel.replaceChildren();
    });
    document.body.addEventListener("htmx:afterSwap", function (event) {
      if (event.detail.target !== panel) return;
      var heading = panel.querySelector("#book-heading");
      if (heading) {
        heading.scrollIntoView({ block: "nearest" });
        heading.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var calendar = document.getElementById("calendar");
    if (!calendar) return;
    setInterval(moveNowLines, 60000);
    enableDragging(calendar);
    enableBookingPanel(calendar);
  });
})();
