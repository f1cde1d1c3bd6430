/* PeaceOps service worker: keeps the application shell (styles, scripts, icons, the offline page) on the device,
 * so that a repeat visit over a slow link loads only the page and its data, and keeps, per user, the few pages a
 * field officer needs without a link. It is imported by /sw.js, which the server generates for each release
 * with the shell's hashed file names (peaceops.web.shell):
 *   self.PEACEOPS_SHELL = {version, core: [urls precached at install], offline: "/offline/", static: "/static/",
 *                          keep: [path patterns of the pages kept per user], header: "X-PeaceOps-User"}
 *
 * What it keeps: static files with a content hash in their name (immutable), the offline page (rendered for no
 * one: fetched without cookies), and the pages named by `keep` (the report form, incident pages) that a user
 * opened, in a cache of that user's own ("peaceops-pages-<opaque user id>", the id from the header every
 * signed-in answer carries). A kept page is served only when the network fails and only to the user signed in
 * last on this device; when another user (or no one) is signed in, every other user's kept pages are deleted.
 * What it never keeps: any other page, API answers, COP data, uploads. The unsent reports are not here but in
 * the pages' IndexedDB (web/offline-queue.js), and are never deleted on sign-out.
 *
 * Structure: CONFIG, then one handler per life-cycle event, and two tables to extend: ROUTES (fetch) and
 * MESSAGES (postMessage from pages). docs/developers/delivery.md "The service worker". */
/* global self, caches, fetch, Request, URL */
(function () {
  "use strict";

  /* ---- CONFIG ---- */
  var SHELL = self.PEACEOPS_SHELL;
  var PREFIX = "peaceops-shell-";
  var CACHE = PREFIX + SHELL.version;
  /* A hashed static name: "name.0123456789ab.ext" (Django's manifest storage, 12 hex digits). */
  var HASHED = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;

  function isShellAsset(url) {
    return url.origin === self.location.origin && url.pathname.indexOf(SHELL.static) === 0 &&
      HASHED.test(url.pathname);
  }

  /* Fetch for the cache without cookies: nothing kept here is ever one user's answer. */
  function anonymous(url) {
    return new Request(url, { credentials: "omit", cache: "default" });
  }

  /* ---- pages kept per user ---- */
  var PAGES = "peaceops-pages-";
  var MAX_PAGES = 50;
  var DEVICE = "peaceops-device";
  var WHO = new URL("/__peaceops/device-user", self.location.href).href;
  var KEEP = (SHELL.keep || []).map(function (pattern) { return new RegExp(pattern); });

  function keepable(url) {
    return url.origin === self.location.origin && !url.search &&
      KEEP.some(function (pattern) { return pattern.test(url.pathname); });
  }

  /* The user signed in last on this device ("" for no one), as the last page from the server said. */
  function currentUser() {
    return caches.open(DEVICE).then(function (cache) { return cache.match(WHO); })
      .then(function (hit) { return hit ? hit.text() : ""; });
  }

  /* Another user (or no one) is signed in now: drop every other user's kept pages. */
  function setUser(user) {
    return currentUser().then(function (before) {
      var done = before === user ? Promise.resolve() : caches.open(DEVICE).then(function (cache) {
        return cache.put(WHO, new Response(user));
      });
      return done.then(function () { return caches.keys(); }).then(function (names) {
        return Promise.all(names.filter(function (name) {
          return name.indexOf(PAGES) === 0 && name !== PAGES + user;
        }).map(function (name) { return caches.delete(name); }));
      });
    });
  }

  /* Keep a page answered to `user` (only a whole 200 page of the user now signed in), the oldest out past MAX. */
  function keepPage(url, response, user) {
    if (!user || !response.ok || response.type !== "basic" || response.headers.get(SHELL.header) !== user) {
      return Promise.resolve();
    }
    return caches.open(PAGES + user).then(function (cache) {
      return cache.put(url, response).then(function () { return cache.keys(); }).then(function (keys) {
        return Promise.all(keys.slice(0, Math.max(0, keys.length - MAX_PAGES)).map(function (old) {
          return cache.delete(old);
        }));
      });
    });
  }

  function keptPage(url) {
    return currentUser().then(function (user) {
      if (!user || !keepable(url)) return undefined;
      return caches.open(PAGES + user).then(function (cache) { return cache.match(url.href); });
    });
  }

  function offlinePage() {
    return caches.match(new URL(SHELL.offline, self.location.href).href);
  }

  function keep(urls) {
    return caches.open(CACHE).then(function (cache) {
      return Promise.all(urls.map(function (raw) {
        var url = new URL(raw, self.location.href);
        if (!isShellAsset(url)) return null;
        return cache.match(url.href).then(function (hit) {
          return hit || cache.add(anonymous(url.href)).catch(function () { return null; });
        });
      }));
    });
  }

  /* ---- install: the core shell and the offline page ---- */
  self.addEventListener("install", function (event) {
    event.waitUntil(caches.open(CACHE).then(function (cache) {
      return cache.addAll(SHELL.core.map(anonymous)).then(function () {
        return cache.add(anonymous(SHELL.offline));
      });
    }).then(function () { return self.skipWaiting(); }));
  });

  /* ---- activate: drop the shells of earlier releases (and the pages kept with them: they name that release's
   * files), take over open pages ---- */
  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return (name.indexOf(PREFIX) === 0 && name !== CACHE) || name.indexOf(PAGES) === 0;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); }));
  });

  /* ---- fetch: ROUTES in order; the first whose `match` is true answers, else the browser goes on alone ---- */
  var ROUTES = [
    {
      name: "shell asset: from the device, else the network (then kept)",
      match: function (request, url) { return request.method === "GET" && isShellAsset(url); },
      handle: function (request, url) {
        return caches.open(CACHE).then(function (cache) {
          return cache.match(url.href).then(function (hit) {
            if (hit) return hit;
            return fetch(request).then(function (response) {
              if (response.ok && response.type === "basic") cache.put(url.href, response.clone());
              return response;
            });
          });
        });
      }
    },
    {
      name: "page: the network (a page of `keep` is then kept for its user); when it cannot be reached, the " +
        "page as kept for the user signed in last, else the offline page",
      match: function (request) { return request.mode === "navigate" && request.method === "GET"; },
      handle: function (request, url, event) {
        return fetch(request).then(function (response) {
          if (response.type === "basic") {  // not a redirect: it says who is signed in now
            var user = response.headers.get(SHELL.header) || "";
            var copy = keepable(url) && user ? response.clone() : null;
            event.waitUntil(setUser(user).then(function () {
              return copy ? keepPage(url.href, copy, user) : null;
            }));
          }
          return response;
        }).catch(function () {
          return keptPage(url).then(function (hit) { return hit || offlinePage(); });
        });
      }
    },
    {
      name: "a form sent as a page whose answer never came: keep the user on the form (204) and tell the page, " +
        "whose queue keeps the form (the page's key makes a second sending harmless if the first arrived)",
      match: function (request) { return request.mode === "navigate" && request.method === "POST"; },
      handle: function (request, url) {
        return fetch(request).catch(function () {
          return self.clients.matchAll({ type: "window" }).then(function (windows) {
            windows.forEach(function (client) { client.postMessage({ type: "unsent", action: url.href }); });
            return new Response(null, { status: 204 });
          });
        });
      }
    }
  ];

  self.addEventListener("fetch", function (event) {
    var url = new URL(event.request.url);
    for (var i = 0; i < ROUTES.length; i++) {
      if (ROUTES[i].match(event.request, url)) {
        event.respondWith(ROUTES[i].handle(event.request, url, event));
        return;
      }
    }
  });

  /* ---- message: MESSAGES[type](data) from the pages ---- */
  var MESSAGES = {
    /* A page names the static files it loaded: keep the shell assets among them (from the HTTP cache); and
     * its user, and itself when it came before this worker controlled it (so was not kept): fetched again. */
    keep: function (data) {
      var kept = keep(data.urls || []);
      if (typeof data.user !== "string") return kept;
      return kept.then(function () { return setUser(data.user); }).then(function () {
        var page = data.page ? new URL(data.page) : null;
        if (!page || !data.uncontrolled || !data.user || !keepable(page)) return null;
        return fetch(page.href, { credentials: "same-origin", redirect: "error" }).then(function (response) {
          return keepPage(page.href, response, data.user);
        }).catch(function () { return null; });
      });
    },
    /* The user signs out: their kept pages go (their unsent reports stay, in the pages' IndexedDB). */
    signout: function () { return setUser(""); }
  };

  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (Object.prototype.hasOwnProperty.call(MESSAGES, data.type)) event.waitUntil(MESSAGES[data.type](data));
  });
})();
