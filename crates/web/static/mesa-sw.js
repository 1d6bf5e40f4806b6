// Mesa de credenciamento offline: guarda a página da mesa e o seu script neste aparelho, para que
// ela abra mesmo sem internet. A lista de pessoas e a fila de ações ficam no IndexedDB (o script
// da página cuida delas); aqui só a página e os arquivos estáticos.
'use strict';
var CACHE = 'mesa-offline-v1';
var scope = self.registration.scope; // …/c/{slug}/credenciamento/
var PAGE = scope + 'offline';
var FILES = [PAGE, '/static/mesa-offline.js', '/static/site.css', '/static/a11y.js'];

self.addEventListener('install', function (ev) {
  ev.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(FILES); }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (ev) {
  ev.waitUntil(self.clients.claim());
});

self.addEventListener('fetch', function (ev) {
  var req = ev.request;
  if (req.method !== 'GET') return;
  var url = new URL(req.url);
  var page = url.href.split('?')[0] === PAGE;
  var asset = FILES.indexOf(url.pathname) >= 0 && url.origin === self.location.origin;
  if (!page && !asset) return;
  // A rede primeiro (a versão mais nova); sem rede, o que ficou guardado.
  ev.respondWith(fetch(req).then(function (res) {
    if (res.ok) {
      var copy = res.clone();
      caches.open(CACHE).then(function (c) { c.put(page ? PAGE : req, copy); });
    }
    return res;
  }).catch(function () {
    return caches.match(page ? PAGE : req).then(function (hit) {
      return hit || new Response('Sem internet e sem a mesa guardada neste aparelho.', { status: 503, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    });
  }));
});

// "Sair da mesa": a página pede para apagar o que ficou guardado.
self.addEventListener('message', function (ev) {
  if (ev.data === 'apagar') {
    ev.waitUntil(caches.delete(CACHE));
  }
});
