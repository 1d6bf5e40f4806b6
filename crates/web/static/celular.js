// Celular do(a) delegado(a): quando a mesa abre ou encerra uma votação, a página se atualiza
// sozinha (SSE do telão), para os botões de voto aparecerem sem recarregar. Na página do
// comprovante, que a pessoa precisa ler e anotar, nada some: aparece um aviso com o link para votar.
(function () {
  'use strict';
  var box = document.getElementById('celular');
  if (!box) return;
  // Participação a distância: um sinal de vida por minuto (e ao voltar para a página); sem ele
  // por mais tempo do que o regimento permite, a presença cai até a próxima chamada.
  if (box.getAttribute('data-remoto') === '1' && window.fetch) {
    var beat = function () {
      fetch(box.getAttribute('data-sinal'), { method: 'POST', credentials: 'same-origin' }).catch(function () {});
    };
    beat();
    setInterval(beat, 60000);
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'visible') beat();
    });
  }
  // Quem está com a palavra e o tempo que resta (o mesmo relógio do telão, relogio.js).
  var clock = document.getElementById('f-tempo');
  var tick = window.conferenciaRelogio ? window.conferenciaRelogio(clock) : function () {};
  var setText = function (id, text) {
    var el = document.getElementById(id);
    if (el && el.textContent !== String(text)) el.textContent = text;
  };
  var typing = function () {
    var fields = document.querySelectorAll('textarea, input[type=text]');
    for (var i = 0; i < fields.length; i++) {
      if (fields[i].value !== fields[i].defaultValue) return true;
    }
    return false;
  };
  if (!window.EventSource) return;
  var queue = box.getAttribute('data-fila') || '';
  var asked = box.getAttribute('data-pedido') === '1';
  var speaking = clock ? clock.getAttribute('data-inicio') || '' : '';
  var call = box.getAttribute('data-chamada') || '';
  var shown = box.getAttribute('data-votacao') || '';
  // As eleições abertas (por segmento) na primeira leitura: mudou, a página se atualiza.
  var polls = null;
  var receipt = box.getAttribute('data-recibo') === '1';
  var banner = document.getElementById('nova-votacao');
  var es = new EventSource(box.getAttribute('data-eventos'));
  es.addEventListener('placar', function (ev) {
    var b = JSON.parse(ev.data);
    var open = b.open ? b.open.id : '';
    var now = b.election ? b.election.open.map(function (o) { return o[0]; }).join('|') : '';
    var calling = b.roll_call && b.roll_call.open ? b.roll_call.id : '';
    if (polls === null) polls = now;
    var fala = document.getElementById('fala-agora');
    if (fala && clock) {
      fala.hidden = !b.speaker;
      if (b.speaker) {
        setText('f-nome', b.speaker.name);
        setText('f-lado', b.speaker.side);
        setText('f-assunto', b.speaker.subject);
        clock.setAttribute('data-inicio', b.speaker.started_ms);
        clock.setAttribute('data-segundos', b.speaker.seconds);
      } else {
        clock.setAttribute('data-inicio', '');
      }
      tick();
    }
    var started = b.speaker ? String(b.speaker.started_ms) : '';
    if (receipt) {
      var fresh = (open !== '' && open !== shown) || (now !== '' && now !== polls);
      if (banner) banner.hidden = !fresh;
      return;
    }
    var floor = (b.discussing || []).join('|');
    // Os destaques em discussão e a vez de quem pediu a palavra: a página se atualiza, a não ser
    // que a pessoa esteja escrevendo algo (nada do que foi digitado se perde).
    var turn = (floor !== queue || (asked && started !== speaking)) && !typing();
    if (open !== shown || now !== polls || turn ||
        (box.getAttribute('data-remoto') === '1' && calling !== call)) {
      es.close();
      window.location.reload();
    }
  });
})();
