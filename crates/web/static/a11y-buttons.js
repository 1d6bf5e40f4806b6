// Contrast and font-size buttons of the accessibility bar; choices persist in localStorage.
(function () {
  var h = document.documentElement;
  var c = document.getElementById('btn-contraste');
  function sync() { c.setAttribute('aria-pressed', h.classList.contains('alto-contraste') ? 'true' : 'false'); }
  sync();
  c.addEventListener('click', function () {
    var on = h.classList.toggle('alto-contraste');
    try { localStorage.setItem('alto-contraste', on ? '1' : '0'); } catch (e) {}
    sync();
  });
  function size(delta) {
    var f = parseInt(localStorage.getItem('fonte') || '100', 10) + delta;
    f = Math.max(80, Math.min(200, f));
    h.style.fontSize = f + '%';
    try { localStorage.setItem('fonte', String(f)); } catch (e) {}
  }
  document.getElementById('btn-fonte-mais').addEventListener('click', function () { size(10); });
  document.getElementById('btn-fonte-menos').addEventListener('click', function () { size(-10); });
})();
// On a phone the conference menu starts closed, so the page's own content is on the first screen;
// "Menu da conferência" opens it. Without JavaScript, or on a wider screen, it stays open.
(function () {
  var menu = document.querySelector('details.menu-conferencia');
  if (menu && window.matchMedia && window.matchMedia('(max-width: 40rem)').matches) menu.open = false;
})();
