/* PeaceOps offline queue: a form marked data-offline-queue (the report and edit forms) sent with no link is kept
 * on the device and sent when the link returns (docs/user/field-guide.md; docs/developers/delivery.md).
 *
 * - Kept: every field, files included (Blobs), in IndexedDB ("peaceops-outbox", items keyed by the form's
 *   idempotency key, each with the opaque id of the user whose page it was: meta peaceops-user). Saved when the
 *   form is sent offline (navigator.onLine false), or when the service worker says the sending failed ("unsent").
 * - Shown: the header's badge counts this user's items; its panel lists them (title, time, state) with "send
 *   now", "delete" and, for one the server did not accept, "open".
 * - Sent: on page load, on the `online` event and on a timer with back-off, only this user's items, only when
 *   the server says this user is the one signed in (GET /offline/session/), with that session's CSRF token, each
 *   with its key (a retry of a report that did arrive makes nothing twice). A redirect to a record page: sent
 *   (removed). A form with errors: "needs attention" (kept; "open" sends it as a page, so the server shows the
 *   form with its errors; it then leaves the list, unless it holds files, which a form page cannot show again).
 *   An edit that became an edit conflict (a redirect to the conflict's page): "needs attention" too, but the
 *   server holds it already: "open" opens the conflict's page and the item leaves the list. No link, a server error, a signed-out session: kept.
 * Another user's items are never shown nor sent; signing out never deletes them (the sign-out warns). */
(function () {
  "use strict";
  var box = document.getElementById("outbox");
  var meta = document.querySelector("meta[name=peaceops-user]");
  var user = meta ? meta.content : "";
  if (!box || !user || !window.indexedDB || window.PeaceOpsOutbox) return;
  window.PeaceOpsOutbox = true;
  var T = box.dataset;
  var $ = function (id) { return document.getElementById(id); };
  var badge = $("outbox-badge"), count = $("outbox-count"), panel = $("outbox-panel"), list = $("outbox-items");
  var status = $("outbox-status");
  var STORE = "items", OPENED = "peaceops-outbox-opened";
  var delay = 5000, timer = null, sending = false, waiting = 0;

  /* ---- the device's store ---- */
  var opened = null;
  function db() {
    opened = opened || new Promise(function (resolve, reject) {
      var request = indexedDB.open("peaceops-outbox", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "key" }).createIndex("user", "user");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opened;
  }
  function run(mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var t = database.transaction(STORE, mode), request = work(t.objectStore(STORE));
        t.oncomplete = function () { resolve(request.result); };
        t.onerror = t.onabort = function () { reject(t.error); };
      });
    });
  }
  function mine() { return run("readonly", function (s) { return s.index("user").getAll(user); }); }
  function put(item) { return run("readwrite", function (s) { return s.put(item); }); }
  function remove(key) { return run("readwrite", function (s) { return s.delete(key); }); }

  function uuid() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  function queueForms() { return Array.prototype.slice.call(document.querySelectorAll("form[data-offline-queue]")); }
  function keyOf(form) { return form.querySelector("[data-submission-key]"); }

  /* ---- telling the user ---- */
  function say(text, href) {
    status.textContent = text;
    if (href) {
      var link = document.createElement("a");
      link.href = href; link.textContent = T.openSent;
      status.appendChild(document.createTextNode(" ")); status.appendChild(link);
    }
    status.hidden = false;
    status.scrollIntoView({ block: "nearest" });
  }

  function render() {
    return mine().then(function (items) {
      items.sort(function (a, b) { return a.created < b.created ? -1 : 1; });
      waiting = items.length;
      count.textContent = String(items.length);
      badge.dataset.count = String(items.length);
      badge.hidden = !items.length;
      if (!items.length) { panel.hidden = true; badge.setAttribute("aria-expanded", "false"); }
      list.textContent = "";
      items.forEach(function (item) {
        var row = $("outbox-item").content.firstElementChild.cloneNode(true);
        var state = item.state === "attention" ? "attention" : item.state === "sending" ? "sending" : "waiting";
        row.dataset.key = item.key; row.dataset.state = state;
        row.querySelector(".outbox-title").textContent = item.title || T.untitled;
        var time = row.querySelector("time");
        time.dateTime = item.created; time.textContent = new Date(item.created).toLocaleString();
        row.querySelector(".outbox-state").textContent = T["state" + state.charAt(0).toUpperCase() + state.slice(1)];
        row.querySelector(".outbox-open").hidden = state !== "attention";
        list.appendChild(row);
      });
      return items;
    });
  }

  /* ---- keeping a form ---- */
  function save(form, submitter) {
    var data, key = keyOf(form), fields = [];
    try { data = new FormData(form, submitter || null); } catch (e) { data = new FormData(form); }
    data.forEach(function (value, name) { fields.push([name, value]); });
    var title = form.dataset.offlineTitle && form.querySelector(form.dataset.offlineTitle);
    var item = { key: key.value, user: user, url: form.action, title: (title && title.value.trim()) || document.title,
                 created: new Date().toISOString(), state: "waiting", fields: fields, sent: form.dataset.offlineSent || "" };
    return put(item).then(function () {
      form.reset();
      key.value = uuid();  // the next report is another one
      say(T.saved);
      return render();
    }).then(schedule);
  }

  /* ---- sending ---- */
  function session() {
    return fetch(T.sessionUrl, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
      if (!response.ok) throw new Error("session " + response.status);
      return response.json();
    });
  }

  function body(item, csrf) {
    var data = new FormData();
    item.fields.forEach(function (pair) {
      var name = pair[0], value = name === "csrfmiddlewaretoken" ? csrf : pair[1];
      if (value instanceof Blob) data.append(name, value, typeof value.name === "string" ? value.name : "blob");
      else data.append(name, value);
    });
    return data;
  }

  function outcome(item, response) {
    var path = new URL(response.url).pathname;
    if (path === new URL(T.signinUrl, location.href).pathname || response.status >= 500) return "waiting";
    var sent = response.ok && response.redirected && path !== new URL(item.url).pathname &&
      (!item.sent || new RegExp(item.sent).test(path));
    return sent ? "sent" : "attention";
  }

  function send(item, csrf) {
    item.state = "sending";
    return put(item).then(render).then(function () {
      return fetch(item.url, { method: "POST", body: body(item, csrf), credentials: "same-origin" });
    }).then(function (response) {
      var result = outcome(item, response);
      if (result === "sent") {
        return remove(item.key).then(function () { say(T.sent.replace("%s", item.title), response.url); });
      }
      item.state = result;
      // Redirected elsewhere (an edit that became an edit conflict): the server holds it now; "open" goes there.
      if (result === "attention" && response.redirected) item.answer = response.url;
      return put(item).then(function () {
        if (result === "waiting") throw new Error("not sent");
        say(T.attention.replace("%s", item.title));
      });
    }, function (error) {
      item.state = "waiting";
      return put(item).then(function () { throw error; });
    });
  }

  function flush(only) {
    if (sending) return Promise.resolve();
    sending = true;
    clearTimeout(timer);
    return mine().then(function (items) {
      items = items.filter(function (item) { return only ? item.key === only : item.state !== "attention"; });
      if (!items.length) return null;
      return session().then(function (who) {
        if (who.user !== user) {  // this page's user is not the one signed in now: send nothing
          if (!who.user) say(T.signin);
          return null;
        }
        return items.reduce(function (done, item) {
          return done.then(function () { return send(item, who.csrf); });
        }, Promise.resolve()).then(function () { delay = 5000; });
      });
    }).catch(function () {
      delay = Math.min(delay * 2, 300000);
      return "retry";
    }).then(function (retry) {
      sending = false;
      return render().then(function () { if (retry) schedule(); });
    });
  }

  function schedule() {
    clearTimeout(timer);
    if (waiting) timer = setTimeout(flush, delay);
  }

  /* "Open" an item the server did not accept: send it as a page, so the server shows the form with its errors
   * (or the conflict). The item goes once a page from the server has loaded after it. One the server answered
   * with a redirect elsewhere (an edit that became an edit conflict, stored there) is not sent again: "open"
   * lets it go and opens that page (the conflict's), where its author resolves it. */
  function open(item) {
    if (item.answer) {  // kept by the server (an edit conflict's page): sending it again would only repeat it
      return remove(item.key).then(function () { location.assign(item.answer); });
    }
    return session().then(function (who) {
      if (who.user !== user) return;
      var form = document.createElement("form"), files = {};
      form.method = "post"; form.action = item.url; form.enctype = "multipart/form-data"; form.hidden = true;
      item.fields.forEach(function (pair) {
        if (pair[1] instanceof Blob) { (files[pair[0]] = files[pair[0]] || new DataTransfer()).items.add(pair[1]); return; }
        var field = document.createElement("textarea");
        field.name = pair[0]; field.value = pair[0] === "csrfmiddlewaretoken" ? who.csrf : pair[1];
        form.appendChild(field);
      });
      Object.keys(files).forEach(function (name) {
        var input = document.createElement("input");
        input.type = "file"; input.name = name; input.multiple = true; input.files = files[name].files;
        form.appendChild(input);
      });
      document.body.appendChild(form);
      sessionStorage.setItem(OPENED, item.key);
      form.submit();
    }).catch(function () { say(T.unsent); });
  }

  /* ---- events ---- */
  badge.addEventListener("click", function () {
    panel.hidden = !panel.hidden;
    badge.setAttribute("aria-expanded", panel.hidden ? "false" : "true");
  });

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-action]"), row = button && button.closest("li");
    if (!row) return;
    var key = row.dataset.key, action = button.dataset.action;
    if (action === "delete") { remove(key).then(render); return; }
    mine().then(function (items) {
      var item = items.filter(function (i) { return i.key === key; })[0];
      if (!item) return null;
      return action === "open" ? open(item) : flush(key);
    });
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("form[data-outbox-signout]")) {
      if (waiting && !form.dataset.warned) {  // unsent reports stay on the device: say so once
        event.preventDefault();
        form.dataset.warned = "1";
        say(waiting === 1 ? T.signoutWarningOne : T.signoutWarning.replace("%d", String(waiting)));
      } else if (navigator.serviceWorker && navigator.serviceWorker.controller) {
        navigator.serviceWorker.controller.postMessage({ type: "signout" });
      }
      return;
    }
    if (!form.matches("form[data-offline-queue]") || !keyOf(form)) return;
    form.dataset.submitting = String(Date.now());
    if (navigator.onLine) return;  // sent as a page; the service worker says "unsent" if it cannot be
    event.preventDefault();
    save(form, event.submitter);
  });

  if (navigator.serviceWorker) {
    navigator.serviceWorker.addEventListener("message", function (event) {
      var data = event.data || {};
      if (data.type !== "unsent") return;
      sessionStorage.removeItem(OPENED);  // an "open" that could not be sent: its item stays
      var form = queueForms().filter(function (f) {
        return f.action === data.action && f.dataset.submitting && Date.now() - Number(f.dataset.submitting) < 600000;
      })[0];
      if (form) { delete form.dataset.submitting; save(form); } else if (document.visibilityState === "visible") say(T.unsent);
    });
  }

  window.addEventListener("online", function () { delay = 5000; flush(); });

  /* ---- on load: a fresh key per form (a page kept on the device would repeat its key), the item an "open" sent,
   * the badge, and a first sending ---- */
  queueForms().forEach(function (form) { if (keyOf(form)) keyOf(form).value = uuid(); });
  var sentAsPage = sessionStorage.getItem(OPENED);
  var navigation = performance.getEntriesByType("navigation")[0];
  var done = Promise.resolve();
  if (sentAsPage) {
    sessionStorage.removeItem(OPENED);
    if (!navigation || !(navigation.responseStatus >= 500)) {
      done = mine().then(function (items) {  // one with photos stays: a form page cannot show files again
        var item = items.filter(function (i) { return i.key === sentAsPage; })[0];
        var photos = item && item.fields.some(function (pair) { return pair[1] instanceof Blob && pair[1].size; });
        return item && !photos ? remove(item.key) : null;
      });
    }
  }
  done.then(render).then(function () { if (waiting && navigator.onLine) flush(); });
})();
