/* Live updates on the COP: an EventSource on /cop/live. Each incident event (created, updated, removed, only
 * those the user may see) is listed in the feed under the map and triggers a refresh of map, histogram and list.
 * The browser resumes from the last event id by itself when the server ends the stream. */
(function () {
  "use strict";
  var COP = window.COP;
  var status = document.getElementById("cop-live-status");
  var feed = document.getElementById("cop-feed");
  var MAX_FEED = 8;
  var received = 0;

  function note(text, id) {
    var item = COP.el("li", "");
    if (id) {
      var link = COP.el("a", "", text);
      link.href = "/incidents/" + id + "/";
      item.appendChild(link);
    } else {
      item.textContent = text;
    }
    feed.insertBefore(item, feed.firstChild);
    while (feed.children.length > MAX_FEED) feed.removeChild(feed.lastChild);
  }

  var refreshSoon = COP.debounce(function () { COP.refresh(); }, 700);

  COP.live = {
    start: function () {
      if (!window.EventSource) return;
      var url = COP.root.dataset.liveUrl + "?since=" + encodeURIComponent(COP.root.dataset.liveSince || "");
      var source = new EventSource(url);
      source.addEventListener("open", function () {
        status.textContent = COP.strings.liveOn;
        status.dataset.state = "open";
      });
      source.addEventListener("error", function () {
        status.textContent = COP.strings.liveOff;
        status.dataset.state = "reconnecting";
      });
      source.addEventListener("incident", function (event) {
        var data = JSON.parse(event.data);
        received += 1;
        COP.root.dataset.liveReceived = String(received);
        COP.root.dataset.liveLast = data.id;
        var label = COP.strings[data.action] || data.action;
        note(label + ": " + (data.title || data.id), data.action === "delete" ? null : data.id);
        refreshSoon();
      });
      source.addEventListener("refresh", function () {
        received += 1;
        COP.root.dataset.liveReceived = String(received);
        note(COP.strings.refresh);
        refreshSoon();
      });
      COP.live.source = source;
    },
  };
})();
