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
  var attr = function (id, name, value) {
    var el = document.getElementById(id);
    if (el && el.getAttribute(name) !== String(value)) el.setAttribute(name, value);
  };
  // Speaking time: counts down from the speech's start (server time), shows the overrun
  // (relogio.js).
  var clock = document.getElementById('t-fala-tempo');
  var tick = window.conferenciaRelogio ? window.conferenciaRelogio(clock) : function () {};
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
    set('t-sala', b.present_room);
    set('t-distancia', b.present_remote);
    var div = document.getElementById('t-divisao');
    if (div) div.hidden = !b.roll_call && !b.present_remote;
    var chamada = document.getElementById('t-chamada');
    if (chamada) {
      chamada.hidden = !(b.roll_call && b.roll_call.open);
      if (b.roll_call) {
        set('t-chamada-ate', b.roll_call.until);
        set('t-chamada-respostas', b.roll_call.answered);
      }
    }
    set('t-quorum', b.quorum_ok ? 'Há quórum para votar.' : 'Ainda sem quórum para votar.');
    // The quorum gauge, on the same scale as the server draws it (of 1000, to the credentialed).
    var full = Math.max(b.credentialed, b.present, b.quorum_min, 1);
    attr('t-medidor', 'width', Math.floor(Math.min(b.present, full) * 1000 / full));
    attr('t-medidor-minimo', 'x', Math.min(992, Math.floor(Math.min(b.quorum_min, full) * 1000 / full)));
    var g = document.getElementById('t-medidor');
    if (g) g.classList.toggle('medidor-ok', !!b.quorum_ok);
    var fala = document.getElementById('t-fala');
    if (fala) {
      fala.hidden = !b.speaker;
      if (b.speaker && clock) {
        set('t-fala-nome', b.speaker.name);
        set('t-fala-lado', b.speaker.side);
        set('t-fala-assunto', b.speaker.subject);
        clock.setAttribute('data-inicio', b.speaker.started_ms);
        clock.setAttribute('data-segundos', b.speaker.seconds);
      } else if (clock) {
        clock.setAttribute('data-inicio', '');
      }
      tick();
    }
    var aberta = document.getElementById('t-aberta');
    if (aberta) {
      aberta.hidden = !b.open;
      if (b.open) {
        set('t-aberta-assunto', b.open.subject);
        set('t-votantes', b.open.voters);
        set('t-aberta-texto', b.open.text || '');
        set('t-aberta-proposto', b.open.proposed || '');
        var tb = document.getElementById('t-aberta-texto-bloco');
        if (tb) tb.hidden = !b.open.text;
        var pb = document.getElementById('t-aberta-proposto-bloco');
        if (pb) pb.hidden = !b.open.proposed;
      }
    }
    if (b.last) {
      set('t-assunto', b.last.subject);
      set('t-favor', b.last.favor);
      set('t-contra', b.last.against);
      set('t-abstencao', b.last.abstain);
      var top = Math.max(b.last.favor, b.last.against, b.last.abstain, 1);
      attr('t-favor-barra', 'width', Math.floor(Math.max(b.last.favor, 0) * 100 / top));
      attr('t-contra-barra', 'width', Math.floor(Math.max(b.last.against, 0) * 100 / top));
      attr('t-abstencao-barra', 'width', Math.floor(Math.max(b.last.abstain, 0) * 100 / top));
      set('t-resultado', 'Resultado: ' + b.last.outcome + ' (' + b.last.at + ')');
      set('t-canal', b.last.channel);
      // The counts' list, hidden until the first result (not the speaker's timer).
      var placar = document.getElementById('t-placar');
      if (placar) placar.hidden = false;
    }
  });
})();
