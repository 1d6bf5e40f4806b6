// Mesa da plenária: quando chega um destaque pelo celular (ou outra pessoa da mesa registra algo),
// avisa sem recarregar, para não perder uma contagem que esteja sendo digitada.
(function () {
  'use strict';
  var box = document.getElementById('aviso-novidades');
  if (!box || !window.EventSource) return;
  var first = null;
  var es = new EventSource(box.getAttribute('data-eventos'));
  es.addEventListener('placar', function (ev) {
    var b = JSON.parse(ev.data);
    var key = b.stage + '|' + (b.last ? b.last.at + b.last.subject : '') + '|' + (b.open ? b.open.id : '');
    var n = document.getElementById('v-votantes');
    if (n && b.open && n.textContent !== String(b.open.voters)) n.textContent = b.open.voters;
    if (first === null) { first = key; return; }
    if (key !== first) box.hidden = false;
  });
})();
