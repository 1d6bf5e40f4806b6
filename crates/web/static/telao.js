// Telão: o placar da plenária ao vivo (SSE). Sem JavaScript, a página mostra o estado de quando
// foi aberta; recarregar atualiza.
(function () {
  'use strict';
  var box = document.getElementById('telao');
  if (!box || !window.EventSource) return;
  var set = function (id, text) {
    var el = document.getElementById(id);
    if (el && el.textContent !== String(text)) el.textContent = text;
  };
  var es = new EventSource(box.getAttribute('data-eventos'));
  // A eleição de delegados(as) muda pouco: quando muda, a página se recarrega.
  var election = null;
  es.addEventListener('placar', function (ev) {
    var b = JSON.parse(ev.data);
    var el = b.election;
    var e = JSON.stringify(el ? [el.open.map(function (o) { return [o[0], o[2]]; }), el.elected, el.quota] : null);
    if (election === null) election = e;
    else if (e !== election) { es.close(); window.location.reload(); return; }
    if (el) {
      el.open.forEach(function (o, i) { set('t-eleicao-votos-' + i, o[1]); });
    }
    set('t-etapa', b.stage);
    set('t-presentes', b.present);
    set('t-credenciados', b.credentialed);
    set('t-minimo', b.quorum_min);
    set('t-quorum', b.quorum_ok ? 'Há quórum para votar.' : 'Ainda sem quórum para votar.');
    var aberta = document.getElementById('t-aberta');
    if (aberta) {
      aberta.hidden = !b.open;
      if (b.open) {
        set('t-aberta-assunto', b.open.subject);
        set('t-votantes', b.open.voters);
      }
    }
    if (b.last) {
      set('t-assunto', b.last.subject);
      set('t-favor', b.last.favor);
      set('t-contra', b.last.against);
      set('t-abstencao', b.last.abstain);
      set('t-resultado', 'Resultado: ' + b.last.outcome + ' (' + b.last.at + ')');
      set('t-canal', b.last.channel);
      var placar = box.querySelector('.telao-placar');
      if (placar) placar.hidden = false;
    }
  });
})();
