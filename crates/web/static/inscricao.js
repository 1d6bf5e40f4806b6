// Inscrição: the "Somente para delegados(as)" questions are shown only when the chosen category
// is Delegado(a). Without this script they stay visible and the server ignores them for any
// other category.
(function () {
  'use strict';
  var category = document.getElementById('category');
  var box = document.getElementById('so-delegados');
  if (!category || !box) return;
  function sync() {
    var delegate = category.value === 'delegado';
    box.hidden = !delegate;
    box.disabled = !delegate;
  }
  category.addEventListener('change', sync);
  sync();
})();
