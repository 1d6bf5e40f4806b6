// Celular do(a) delegado(a): quando a mesa abre ou encerra uma votação, a página se atualiza
// sozinha (SSE do telão), para os botões de voto aparecerem sem recarregar.
(function () {
  'use strict';
  var box = document.getElementById('celular');
  if (!box || !window.EventSource) return;
  var shown = box.getAttribute('data-votacao') || '';
  var es = new EventSource(box.getAttribute('data-eventos'));
  es.addEventListener('placar', function (ev) {
    var b = JSON.parse(ev.data);
    var open = b.open ? b.open.id : '';
    if (open !== shown) {
      es.close();
      window.location.reload();
    }
  });
})();
