// Credenciamento: contadores ao vivo (SSE) e leitura do QR pela câmera, onde o navegador sabe ler.
(function () {
  'use strict';
  var box = document.getElementById('contadores');
  if (box && window.EventSource) {
    var es = new EventSource(box.getAttribute('data-eventos'));
    es.addEventListener('contadores', function (ev) {
      var c = JSON.parse(ev.data);
      document.getElementById('c-total').textContent = c.total;
      document.getElementById('c-delegados').textContent = c.delegates;
      var far = document.getElementById('c-distancia-linha');
      if (far) {
        far.hidden = !c.remote_delegates;
        document.getElementById('c-distancia').textContent = c.remote_delegates;
      }
      [['c-voz', c.voice_only_delegates], ['c-fora', c.out_now], ['c-quorum', c.quorum_min]].forEach(function (p) {
        var el = document.getElementById(p[0]);
        if (el) el.textContent = p[1];
      });
      c.by_category.forEach(function (x, i) {
        var td = box.querySelector('[data-categoria="' + i + '"]');
        if (td) td.textContent = x[1];
      });
      var top = Math.max.apply(null, c.by_segment.map(function (x) { return x[1]; }).concat([1]));
      c.by_segment.forEach(function (x, i) {
        var td = box.querySelector('[data-segmento="' + i + '"]');
        if (td) td.textContent = x[1];
        var bar = box.querySelector('[data-barra-segmento="' + i + '"]');
        if (bar) bar.setAttribute('width', Math.floor(x[1] * 100 / top));
      });
    });
  }
  var btn = document.getElementById('btn-camera');
  if (!btn || !('BarcodeDetector' in window) || !navigator.mediaDevices) return;
  btn.hidden = false;
  btn.addEventListener('click', function () {
    var video = document.getElementById('camera');
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      video.play();
      var tick = function () {
        detector.detect(video).then(function (codes) {
          if (codes.length) {
            stream.getTracks().forEach(function (t) { t.stop(); });
            document.getElementById('code').value = codes[0].rawValue;
            document.getElementById('via').value = 'qr';
            document.getElementById('form-codigo').submit();
          } else {
            requestAnimationFrame(tick);
          }
        }).catch(function () { requestAnimationFrame(tick); });
      };
      tick();
    }).catch(function () {
      btn.textContent = 'Câmera indisponível: digite o código';
      btn.disabled = true;
    });
  });
})();
