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
  if (!window.EventSource) return;
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
    if (receipt) {
      var fresh = (open !== '' && open !== shown) || (now !== '' && now !== polls);
      if (banner) banner.hidden = !fresh;
      return;
    }
    if (open !== shown || now !== polls || (box.getAttribute('data-remoto') === '1' && calling !== call)) {
      es.close();
      window.location.reload();
    }
  });
})();
