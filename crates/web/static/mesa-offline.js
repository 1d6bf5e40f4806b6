// Mesa de credenciamento offline (issue 25, ADR 0047): guarda a lista do dia neste aparelho,
// credencia sem internet e envia a fila quando a conexão volta, cada ação uma vez só (a chave de
// cada ação vai junto). Os dados ficam no IndexedDB, cifrados com AES-GCM por uma chave que não
// sai do navegador (onde o navegador oferece WebCrypto); "Sair da mesa" apaga tudo.
(function () {
  'use strict';
  var root = document.getElementById('mesa');
  if (!root || !window.indexedDB) return;
  var slug = root.getAttribute('data-slug');
  var base = '/c/' + slug + '/credenciamento';
  var estado = document.getElementById('estado');
  var state = { snapshot: null, queue: [], log: [], conflicts: [], desk: 'Mesa', lastSync: null };
  var db = null;
  var key = null;
  var syncing = false;

  // ---- storage (IndexedDB, values encrypted when WebCrypto is there) ----
  function openDb() {
    return new Promise(function (ok, fail) {
      var r = indexedDB.open('mesa-offline-' + slug, 1);
      r.onupgradeneeded = function () { r.result.createObjectStore('kv'); };
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  }
  function raw(op, k, v) {
    return new Promise(function (ok, fail) {
      var tx = db.transaction('kv', op === 'get' ? 'readonly' : 'readwrite');
      var s = tx.objectStore('kv');
      var r = op === 'get' ? s.get(k) : s.put(v, k);
      r.onsuccess = function () { ok(r.result); };
      r.onerror = function () { fail(r.error); };
    });
  }
  function cryptoKey() {
    if (!(window.crypto && crypto.subtle)) return Promise.resolve(null);
    return raw('get', 'chave').then(function (k) {
      if (k) return k;
      return crypto.subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt'])
        .then(function (k2) { return raw('put', 'chave', k2).then(function () { return k2; }); });
    }).catch(function () { return null; });
  }
  function save(name, value) {
    var text = JSON.stringify(value);
    if (!key) return raw('put', name, { plain: text });
    var iv = crypto.getRandomValues(new Uint8Array(12));
    return crypto.subtle.encrypt({ name: 'AES-GCM', iv: iv }, key, new TextEncoder().encode(text))
      .then(function (ct) { return raw('put', name, { iv: iv, ct: ct }); });
  }
  function load(name) {
    return raw('get', name).then(function (v) {
      if (!v) return null;
      if (v.plain !== undefined) return JSON.parse(v.plain);
      if (!key) return null;
      return crypto.subtle.decrypt({ name: 'AES-GCM', iv: v.iv }, key, v.ct)
        .then(function (pt) { return JSON.parse(new TextDecoder().decode(pt)); });
    }).catch(function () { return null; });
  }
  function persist() {
    return Promise.all([
      save('fila', state.queue), save('registro', state.log), save('conflitos', state.conflicts),
      save('mesa', state.desk),
    ]);
  }

  // ---- helpers ----
  function fold(s) {
    return (s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().trim();
  }
  function normCode(s) {
    var c = (s || '').toUpperCase().replace(/[^0-9A-Z]/g, '');
    if (c.indexOf('P') === 0 && s.toUpperCase().indexOf('P-') === 0) return s.toUpperCase().trim();
    return c.length === 8 ? c.slice(0, 4) + '-' + c.slice(4) : null;
  }
  function hm(iso) {
    var d = new Date(iso);
    return ('0' + d.getHours()).slice(-2) + ':' + ('0' + d.getMinutes()).slice(-2);
  }
  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(b, function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function people() { return state.snapshot ? state.snapshot.people : []; }
  function byCode(code) {
    return people().filter(function (p) { return p.code === code; })[0] || null;
  }
  // What this device did to a person: the last check-in or exit in the queue or the log.
  function localStatus(p) {
    var acts = state.log.concat(state.queue).filter(function (a) {
      return a.code === p.code && (a.kind === 'checkin' || a.kind === 'exit' || a.kind === 'walk_in');
    });
    var last = acts[acts.length - 1];
    if (last) return { inside: last.kind !== 'exit', at: last.at, replaces: last.replaces };
    return { inside: !!p.checked_in, at: null, replaces: null };
  }
  function replacedLocally(code) {
    return state.log.concat(state.queue).some(function (a) { return a.replaces === code; });
  }

  // ---- rendering ----
  function pending() { return state.queue.length; }
  function renderStatus(extra) {
    var n = pending();
    var list = state.snapshot ? 'Lista guardada neste aparelho: ' + state.snapshot.people.length + ' pessoa(s), de ' + hm(state.snapshot.generated_at) + '. ' : 'Nenhuma lista guardada neste aparelho ainda. ';
    var net = navigator.onLine
      ? (n ? 'Conectado: ' + n + ' ação(ões) a enviar.' : 'Conectado: nenhuma ação a enviar.' + (state.lastSync ? ' Tudo enviado às ' + hm(state.lastSync) + '.' : ''))
      : 'Offline: ' + n + ' ação(ões) a enviar quando a internet voltar.';
    estado.textContent = list + net + (extra ? ' ' + extra : '');
  }
  function describe(a) {
    var p = byCode(a.code);
    var name = p ? p.name : a.code;
    if (a.kind === 'exit') return 'Saída de ' + name;
    if (a.kind === 'walk_in') return 'Inscrição no local de ' + name + ' (código provisório ' + a.code + ')';
    if (a.replaces && a.replaces !== 'ninguem') {
      var t = byCode(a.replaces);
      return 'Credenciamento de ' + name + ' no lugar de ' + (t ? t.name : a.replaces);
    }
    return 'Credenciamento de ' + name;
  }
  function renderQueue() {
    var ul = document.getElementById('fila');
    ul.textContent = '';
    var all = state.queue.map(function (a) { return { a: a, sent: false }; })
      .concat(state.log.slice().reverse().map(function (a) { return { a: a, sent: true }; }));
    document.getElementById('fila-vazia').hidden = all.length > 0;
    all.slice(0, 50).forEach(function (x) {
      var li = el('li');
      li.appendChild(el('p', {}, hm(x.a.at) + ' · ' + describe(x.a)));
      var what = x.sent
        ? (x.a.outcome === 'applied' ? 'Enviada e aplicada. ' : x.a.outcome === 'already' ? 'Enviada: já estava feito por outra mesa. ' : 'Enviada: conflito. ') + (x.a.message || '')
        : 'A enviar.';
      li.appendChild(el('p', { 'class': 'meta' }, what));
      ul.appendChild(li);
    });
  }
  function renderConflicts() {
    var ul = document.getElementById('conflitos');
    ul.textContent = '';
    document.getElementById('sem-conflitos').hidden = state.conflicts.length > 0;
    state.conflicts.forEach(function (k) {
      var li = el('li');
      li.appendChild(el('p', {}, k.what + ' · ' + k.desk + ', às ' + k.at));
      li.appendChild(el('p', { 'class': 'meta' }, k.message));
      ul.appendChild(li);
    });
  }
  function render(extra) { renderStatus(extra); renderQueue(); renderConflicts(); }

  function personItem(p) {
    var st = localStatus(p);
    var li = el('li');
    li.appendChild(el('p', {}, p.name + ' · ' + p.code));
    var info = [p.category_label, p.segment_label, p.seat ? (p.seat === 'titular' ? 'titular' : 'suplente') : ''].filter(Boolean).join(' · ');
    li.appendChild(el('p', { 'class': 'meta' }, info + (p.needs && p.needs.length ? ' · Precisa de: ' + p.needs.join(', ') : '')));
    li.appendChild(el('p', {}, st.inside ? (st.at ? 'Credenciado(a) às ' + hm(st.at) + ' nesta mesa.' : 'Já estava credenciado(a) quando a lista foi guardada.') : 'Ainda não credenciado(a) nesta mesa.'));
    var actions = el('p', { 'class': 'acoes' });
    if (!st.inside) {
      var suplente = p.category === 'delegado' && p.seat === 'suplente';
      var sel = null;
      if (suplente) {
        var id = 'lugar-' + p.code;
        var wrap = el('span', { 'class': 'campo' });
        wrap.appendChild(el('label', { 'for': id }, 'No lugar de quem? (' + p.name + ')'));
        sel = el('select', { id: id });
        sel.appendChild(el('option', { value: 'ninguem' }, 'Ninguém: só voz'));
        people().filter(function (t) {
          return t.category === 'delegado' && t.seat === 'titular' && t.segment === p.segment &&
            !localStatus(t).inside && !replacedLocally(t.code);
        }).forEach(function (t) { sel.appendChild(el('option', { value: t.code }, t.name + ' (titular ausente)')); });
        wrap.appendChild(sel);
        li.appendChild(wrap);
      }
      var b = el('button', { type: 'button' }, 'Credenciar ' + p.name);
      b.addEventListener('click', function () {
        enqueue({ kind: 'checkin', code: p.code, replaces: sel ? sel.value : null });
      });
      actions.appendChild(b);
    } else {
      var out = el('button', { type: 'button', 'class': 'secundario' }, 'Registrar saída de ' + p.name);
      out.addEventListener('click', function () { enqueue({ kind: 'exit', code: p.code }); });
      actions.appendChild(out);
    }
    li.appendChild(actions);
    return li;
  }
  var lastQuery = '';
  function search(q) {
    lastQuery = q;
    var ul = document.getElementById('resultados');
    ul.textContent = '';
    var term = fold(q);
    if (!term) { document.getElementById('busca-vazia').hidden = true; return Promise.resolve(); }
    var code = normCode(q);
    var found = people().filter(function (p) {
      return (code && p.code === code) || fold(p.search).indexOf(term) >= 0 || fold(p.name).indexOf(term) >= 0;
    });
    var byToken = q.trim().length > 20 && crypto.subtle
      ? crypto.subtle.digest('SHA-256', new TextEncoder().encode(q.trim())).then(function (h) {
        var hex = Array.prototype.map.call(new Uint8Array(h), function (x) { return ('0' + x.toString(16)).slice(-2); }).join('');
        return people().filter(function (p) { return p.token_sha256 === hex; });
      })
      : Promise.resolve([]);
    return byToken.then(function (t) {
      found = t.concat(found).slice(0, 20);
      document.getElementById('busca-vazia').hidden = found.length > 0;
      found.forEach(function (p) { ul.appendChild(personItem(p)); });
    });
  }

  // ---- the queue ----
  function enqueue(a) {
    a.key = uuid();
    a.at = new Date().toISOString();
    state.queue.push(a);
    var p = byCode(a.code);
    var name = p ? p.name : a.code;
    var said = a.kind === 'exit' ? 'Saída de ' + name + ' registrada neste aparelho.' : name + ' credenciado(a) neste aparelho.';
    return persist().then(function () {
      render(said);
      return search(lastQuery);
    }).then(function () { if (navigator.onLine) sync(); });
  }
  function sync() {
    if (syncing) return Promise.resolve();
    syncing = true;
    var sent = state.queue.slice();
    var body = JSON.stringify({
      desk: state.desk || 'Mesa',
      actions: sent.map(function (a) {
        return { key: a.key, kind: a.kind, code: a.code, replaces: a.replaces || null, at: a.at, walk_in: a.walk_in || null };
      }),
    });
    return fetch(base + '/sincronizar', {
      method: 'POST', credentials: 'same-origin', redirect: 'manual',
      headers: { 'Content-Type': 'application/json' }, body: body,
    }).then(function (res) {
      if (res.type === 'opaqueredirect' || res.status === 401 || res.status === 403) {
        render('A sessão desta mesa acabou: entre de novo (as ações continuam guardadas neste aparelho).');
        return;
      }
      return res.json().then(function (j) {
        if (!res.ok) {
          render('O servidor recusou o envio: ' + (j.errors || []).join('; '));
          return;
        }
        var done = {};
        j.results.forEach(function (r) { done[r.key] = r; });
        sent.forEach(function (a) {
          var r = done[a.key];
          if (!r) return;
          a.outcome = r.outcome;
          a.message = r.message;
          if (a.kind === 'walk_in' && r.code) a.final_code = r.code;
          state.log.push(a);
        });
        state.queue = state.queue.filter(function (a) { return !done[a.key]; });
        state.conflicts = j.conflicts || [];
        state.lastSync = new Date().toISOString();
        return persist().then(function () { render(); return search(lastQuery); });
      });
    }).catch(function () {
      render();
    }).then(function () { syncing = false; });
  }
  function refreshList() {
    return fetch(base + '/offline.json', { credentials: 'same-origin', redirect: 'manual' }).then(function (res) {
      if (!res.ok) throw new Error('lista');
      return res.json();
    }).then(function (snap) {
      // Walk-ins made here and not yet sent stay on the list.
      var mine = people().filter(function (p) { return p.provisional; });
      snap.people = snap.people.concat(mine.filter(function (p) { return !snap.people.some(function (q) { return q.code === p.code; }); }));
      state.snapshot = snap;
      return save('lista', snap);
    });
  }

  // ---- start ----
  openDb().then(function (d) {
    db = d;
    return cryptoKey();
  }).then(function (k) {
    key = k;
    return Promise.all([load('lista'), load('fila'), load('registro'), load('conflitos'), load('mesa')]);
  }).then(function (v) {
    state.snapshot = v[0];
    state.queue = v[1] || [];
    state.log = v[2] || [];
    state.conflicts = v[3] || [];
    state.desk = v[4] || 'Mesa';
    document.getElementById('nome-mesa').value = state.desk;
    // After the conference day, with nothing left to send, the device forgets it all.
    var today = new Date().toISOString().slice(0, 10);
    if (state.snapshot && state.snapshot.day < today && !state.queue.length) {
      state.snapshot = null; state.log = []; state.conflicts = [];
    }
    render();
    return navigator.onLine ? refreshList().catch(function () {}) : null;
  }).then(function () {
    render();
    if (navigator.onLine && state.queue.length) sync();
  }).catch(function () {
    estado.textContent = 'Este navegador não guarda dados da mesa: use a mesa on-line.';
  });

  if ('serviceWorker' in navigator) {
    navigator.serviceWorker.register(base + '/mesa-sw.js', { scope: base + '/' }).catch(function () {});
  }
  window.addEventListener('online', function () { render(); sync(); });
  window.addEventListener('offline', function () { render(); });
  setInterval(function () { if (navigator.onLine && state.queue.length) sync(); }, 15000);

  document.getElementById('nome-mesa').addEventListener('change', function (e) {
    state.desk = e.target.value.trim() || 'Mesa';
    save('mesa', state.desk);
  });
  document.getElementById('enviar').addEventListener('click', function () {
    if (!navigator.onLine) { render('Sem internet agora: a fila fica guardada.'); return; }
    sync();
  });
  document.getElementById('atualizar').addEventListener('click', function () {
    refreshList().then(function () { render('Lista atualizada.'); }, function () { render('Não foi possível atualizar a lista agora.'); });
  });
  document.getElementById('sair').addEventListener('click', function () {
    if (state.queue.length && !window.confirm('Há ' + state.queue.length + ' ação(ões) ainda não enviadas. Apagar mesmo assim?')) return;
    db.close();
    var del = indexedDB.deleteDatabase('mesa-offline-' + slug);
    del.onsuccess = del.onerror = function () {
      var done = function () { window.location.href = base; };
      if (navigator.serviceWorker && navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage('apagar');
      if (navigator.serviceWorker) {
        navigator.serviceWorker.getRegistrations().then(function (rs) {
          return Promise.all(rs.map(function (r) { return r.unregister(); }));
        }).then(done, done);
      } else done();
    };
  });
  document.getElementById('form-busca').addEventListener('submit', function (e) {
    e.preventDefault();
    search(document.getElementById('busca').value);
  });
  document.getElementById('form-local').addEventListener('submit', function (e) {
    e.preventDefault();
    var name = document.getElementById('local-nome').value.trim();
    var cat = document.getElementById('local-categoria').value;
    var seg = document.getElementById('local-segmento').value;
    var err = document.getElementById('local-erro');
    var problems = [];
    if (name.length < 3) problems.push('Preencha o nome completo');
    if (!cat) problems.push('Escolha a categoria');
    if (!document.getElementById('local-aviso').checked) problems.push('Leia o aviso de privacidade para a pessoa e marque que ela concordou');
    err.hidden = !problems.length;
    err.textContent = problems.join('. ') + (problems.length ? '.' : '');
    if (problems.length) { err.focus && err.setAttribute('tabindex', '-1'); err.focus(); return; }
    var code = 'P-' + uuid().replace(/-/g, '').slice(0, 6).toUpperCase();
    var catLabel = document.getElementById('local-categoria').selectedOptions[0].textContent;
    state.snapshot = state.snapshot || { people: [], generated_at: new Date().toISOString(), day: new Date().toISOString().slice(0, 10) };
    state.snapshot.people.push({ code: code, name: name, search: fold(name + ' ' + code), category: cat, category_label: catLabel, segment: seg, segment_label: '', seat: null, needs: [], token_sha256: '', checked_in: false, provisional: true });
    save('lista', state.snapshot).then(function () {
      return enqueue({ kind: 'walk_in', code: code, walk_in: { name: name, category: cat, segment: seg } });
    }).then(function () {
      render(name + ' inscrito(a) e credenciado(a) neste aparelho, com o código provisório ' + code + '.');
      e.target.reset();
    });
  });
})();
