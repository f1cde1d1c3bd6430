/* PeaceOps service worker: keeps the application shell (styles, scripts, icons, the offline page) on the device,
 * so that a repeat visit over a slow link loads only the page and its data. It is imported by /sw.js, which
 * the server generates for each release with the shell's hashed file names (peaceops.web.shell):
 *   self.PEACEOPS_SHELL = {version, core: [urls precached at install], offline: "/offline/", static: "/static/"}
 *
 * What it keeps: static files with a content hash in their name (immutable), and the offline page (rendered
 * for no one: fetched without cookies). What it never keeps: pages, API answers, COP data, uploads: anything
 * answered to a signed-in user (their records, some classified). Signing out therefore leaves nothing of
 * the user here. docs/developers/delivery.md "The service worker" says how to extend it (offline reporting:
 * a route for the report form's POST, a per-user queue in IndexedDB, a "sync" handler).
 *
 * Structure: CONFIG, then one handler per life-cycle event, and two tables to extend: ROUTES (fetch) and
 * MESSAGES (postMessage from pages). */
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

  /* ---- activate: drop the shells of earlier releases, take over open pages ---- */
  self.addEventListener("activate", function (event) {
    event.waitUntil(caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf(PREFIX) === 0 && name !== CACHE;
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
      name: "page: the network; the offline page when it cannot be reached (the page itself is never kept)",
      match: function (request) { return request.mode === "navigate" && request.method === "GET"; },
      handle: function (request) {
        return fetch(request).catch(function () {
          return caches.match(new URL(SHELL.offline, self.location.href).href);
        });
      }
    }
  ];

  self.addEventListener("fetch", function (event) {
    var url = new URL(event.request.url);
    for (var i = 0; i < ROUTES.length; i++) {
      if (ROUTES[i].match(event.request, url)) {
        event.respondWith(ROUTES[i].handle(event.request, url));
        return;
      }
    }
  });

  /* ---- message: MESSAGES[type](data) from the pages ---- */
  var MESSAGES = {
    /* A page names the static files it loaded: keep the shell assets among them (from the HTTP cache). */
    keep: function (data) { return keep(data.urls || []); }
  };

  self.addEventListener("message", function (event) {
    var data = event.data || {};
    if (Object.prototype.hasOwnProperty.call(MESSAGES, data.type)) event.waitUntil(MESSAGES[data.type](data));
  });
})();
