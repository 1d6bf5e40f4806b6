// Starts the VLibras widget. Loaded only when the VLibras setting is on, right after the
// government's vlibras-plugin.js; kept in a file because the CSP allows no inline script.
(function () {
  if (window.VLibras && window.VLibras.Widget) {
    new window.VLibras.Widget('https://vlibras.gov.br/app');
  }
})();
