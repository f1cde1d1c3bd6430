/* The COP page: ties the filter panel, map, histogram, incident list and live updates together.
 * Any change (filters, map moved, back button, live event) runs `COP.refresh()`, which reloads the map layer,
 * the histogram and the list for the same filters and view; `#cop[data-state]` is "ready" when all are in. */
(function () {
  "use strict";
  var COP = window.COP;
  var list = document.getElementById("cop-list");
  var listOptions = {};  // sort and page of the incident table
  var generation = 0;
  var lastRound = null;  // the data query of the last round of requests (filters, bbox, zoom)

  /* The list is fetched, not swapped by htmx.ajax: htmx queues a request made while another is in flight and
   * resolves its promise at once, so the page said "ready" over the previous query's list. */
  function loadList() {
    var current = COP.latest("list");
    return fetch(COP.root.dataset.listUrl + "?" + COP.dataQuery(listOptions),
      { credentials: "same-origin", headers: { "HX-Request": "true" } }).then(function (r) {
      if (!r.ok) throw new Error(r.statusText);
      return r.text();
    }).then(function (html) {
      if (current()) htmx.swap(list, html, { swapStyle: "innerHTML" });  // the server's escaped fragment
    });
  }

  /* One round of requests for the current filters and view. `ifMoved`: only when the view's query differs
   * from the last round's (a map "moveend" after a resize of its box back to a size already fetched, or a
   * move that ends where it began, asks nothing again). */
  COP.refresh = function (ifMoved) {
    var query = COP.dataQuery();
    if (ifMoved === true && query === lastRound) return Promise.resolve();
    lastRound = query;
    var mine = ++generation;
    COP.root.dataset.state = "loading";
    listOptions.page = undefined;
    var errors = [];
    function guard(promise) { return Promise.resolve(promise).catch(function (e) { errors.push(e); }); }
    return Promise.all([guard(COP.map.load()), guard(COP.histogram.load(COP.dataQuery())), guard(loadList())])
      .then(function () {
        if (mine !== generation) return;
        COP.root.dataset.state = errors.length ? "error" : "ready";
        if (errors.length) document.getElementById("cop-mode").textContent = COP.strings.filterError + ": " + errors[0].message;
      });
  };

  /* Sorting and paging links of the table load the next list through /cop/list, keeping the view. */
  list.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='?']");
    if (!link) return;
    event.preventDefault();
    var params = new URLSearchParams(link.getAttribute("href").slice(1));
    listOptions = { sort: params.get("sort") || undefined, page: params.get("page") || undefined };
    loadList();
  });

  COP.form.addEventListener("submit", function (event) {
    event.preventDefault();
    COP.saveForm(false);
    COP.refresh();
  });
  COP.form.addEventListener("change", function (event) {
    if (event.target && event.target.id === "f-area") COP.map.fitArea(event.target.value);
    COP.saveForm(false);
    COP.refresh();
  });
  COP.form.addEventListener("input", COP.debounce(function (event) {
    if (event.target.type === "search" || event.target.type === "text") {
      COP.saveForm(true);
      COP.refresh();
    }
  }, 600));
  document.getElementById("cop-clear").addEventListener("click", function (event) {
    event.preventDefault();
    COP.form.reset();
    Array.prototype.forEach.call(COP.form.elements, function (field) { if (field.name) field.value = ""; });
    COP.saveForm(false);
    COP.refresh();
  });
  document.querySelectorAll("input[name=colour]").forEach(function (input) {
    input.addEventListener("change", function () {
      var params = new URLSearchParams(window.location.search);
      if (input.value === "casualties") params.set("colour", "casualties");
      else params.delete("colour");
      COP.setQuery(params, true);
      COP.map.paint();
    });
  });
  window.addEventListener("popstate", function () {
    COP.loadForm();
    COP.map.paint();
    COP.refresh();
  });

  COP.loadForm();
  COP.map.ready.then(function () {
    COP.map.paint();
    COP.map.on("moveend", COP.debounce(function () { COP.refresh(true); }, 250));
    COP.refresh();
    COP.live.start();
  });
})();
