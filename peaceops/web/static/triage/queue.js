/* The triage queue, live: an EventSource on the queue's stream (the COP's mechanism). Each `alert` event (only
 * alerts the user may see) or `refresh` fetches the list again through the page itself (?partial=rows), so what
 * shows is always what the server lets this user see; the list is also fetched every minute (ages grow, the
 * worker re-ranks). A fetch waits while the officer is choosing in the list (a select or button has focus).
 * Without JavaScript the page still works: reload it. */
(function () {
  "use strict";
  var root = document.getElementById("triage-queue");
  if (!root) return;
  var rows = document.getElementById("queue-rows");
  var status = document.getElementById("queue-live-status");
  var received = 0;
  var timer = null;
  var pending = false;
  var EVERY_MS = 60000;

  function known() {
    var seen = {};
    rows.querySelectorAll("[data-alert]").forEach(function (row) { seen[row.dataset.alert] = true; });
    return seen;
  }

  function busy() {
    var active = document.activeElement;
    return active && rows.contains(active) && active.tagName === "SELECT";
  }

  function fetchRows() {
    if (busy()) { pending = true; return; }
    pending = false;
    var before = known();
    fetch(root.dataset.rowsUrl, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html === null) return;
        // The server's rows (escaped by its templates), parsed inertly and put in place: no HTML sink.
        var parsed = new DOMParser().parseFromString(html, "text/html");
        rows.replaceChildren.apply(rows, Array.prototype.slice.call(parsed.body.childNodes));
        rows.querySelectorAll("[data-alert]").forEach(function (row) {
          if (!before[row.dataset.alert]) row.classList.add("queue-new");
        });
        root.dataset.rowsFetched = String(Number(root.dataset.rowsFetched || 0) + 1);
      })
      .catch(function () { /* the next event or minute tries again */ });
  }

  function soon() {
    if (timer) clearTimeout(timer);
    timer = setTimeout(fetchRows, 300);
  }

  rows.addEventListener("focusout", function () { if (pending) setTimeout(function () { if (!busy()) fetchRows(); }, 200); });
  setInterval(fetchRows, EVERY_MS);

  if (!window.EventSource) return;
  var url = root.dataset.liveUrl + "?since=" + encodeURIComponent(root.dataset.liveSince || "");
  var source = new EventSource(url);
  source.addEventListener("open", function () {
    status.textContent = status.dataset.on || status.textContent;
    status.dataset.state = "open";
  });
  source.addEventListener("error", function () {
    status.textContent = status.dataset.off || status.textContent;
    status.dataset.state = "reconnecting";
  });
  function onEvent() {
    received += 1;
    root.dataset.liveReceived = String(received);
    soon();
  }
  source.addEventListener("alert", onEvent);
  source.addEventListener("refresh", onEvent);
})();
