// Applies saved contrast and font size before the page paints (no flash).
(function () {
  try {
    var h = document.documentElement;
    if (localStorage.getItem('alto-contraste') === '1') h.classList.add('alto-contraste');
    var f = parseInt(localStorage.getItem('fonte') || '100', 10);
    if (f && f !== 100) h.style.fontSize = f + '%';
  } catch (e) {}
})();
