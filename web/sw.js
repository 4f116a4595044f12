// Keeps the page working offline: every file it needs is cached at install, and every
// request for one of the page's own files is answered from the cache first. Requests to
// any other host are never made (the page's Content-Security-Policy forbids them) and
// never cached. Bump VERSION when the list of files changes.
const VERSION = "qr1405-web-3";
const FILES = [
  "./",
  "index.html",
  "app.js",
  "evaluator.js",
  "style.css",
  "manifest.webmanifest",
  "pkg/qr1405.js",
  "pkg/qr1405_bg.wasm",
  "trust/trust-list.json",
  "trust/root.pub",
];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION).then((cache) => cache.addAll(FILES)).then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== VERSION).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== "GET" || url.origin !== self.location.origin) return;
  // Cache first; a file not cached (none should be) goes to the network and is kept.
  event.respondWith(
    caches.match(event.request, { ignoreSearch: true }).then(
      (hit) =>
        hit ??
        fetch(event.request).then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(VERSION).then((cache) => cache.put(event.request, copy));
          }
          return response;
        }),
    ),
  );
});
