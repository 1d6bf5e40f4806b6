// O relógio de quem está com a palavra, o mesmo no telão e no celular: conta o tempo que resta a
// partir do início da fala (hora do servidor, data-inicio em milissegundos) e do tempo dado
// (data-segundos); passado o tempo, mostra há quanto se esgotou.
(function () {
  'use strict';
  window.conferenciaRelogio = function (clock) {
    var tick = function () {
      if (!clock) return;
      var start = Number(clock.getAttribute('data-inicio'));
      var secs = Number(clock.getAttribute('data-segundos'));
      if (!start || !secs) { clock.textContent = ''; return; }
      var left = Math.round(secs - (Date.now() - start) / 1000);
      var a = Math.abs(left);
      var mm = Math.floor(a / 60), ss = a % 60;
      var t = mm + ':' + (ss < 10 ? '0' : '') + ss;
      clock.textContent = left >= 0 ? t + ' restantes' : 'tempo esgotado há ' + t;
    };
    tick();
    setInterval(tick, 1000);
    return tick;
  };
})();
