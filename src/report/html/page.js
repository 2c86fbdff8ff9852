// report.html: the table of all answers. The answers are JSON in #teema-data; rows are made
// here, a page at a time, and every answer goes into the page as text (textContent), never as
// markup. Search: every word typed must occur in the answer (or its id), case-insensitive.
(function () {
  'use strict';
  var PAGE = 200;
  var data = JSON.parse(document.getElementById('teema-data').textContent);
  var A = data.answers, K = data.keys, Q = data.questions, T = data.t;
  var body = document.getElementById('answers-body');
  var count = document.getElementById('answers-count');
  var moreButton = document.getElementById('answers-more');
  var fSearch = document.getElementById('f-search');
  var fQuestion = document.getElementById('f-question');
  var fTheme = document.getElementById('f-theme');
  var lower = new Array(A.length);
  for (var i = 0; i < A.length; i++) {
    lower[i] = (A[i][5] + '\n' + A[i][0]).toLowerCase();
  }
  var matches = [], shown = 0, words = [];

  function fmt(n) {
    var s = String(n), sep = data.lang === 'fi' ? '\u00a0' : ',', out = '';
    while (s.length > 3) {
      out = sep + s.slice(-3) + out;
      s = s.slice(0, -3);
    }
    return s + out;
  }

  function fill(template, values) {
    var k = 0;
    return template.replace(/\{\}/g, function () { return values[k++]; });
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  // The answer's text, with the words searched for in <mark>.
  function marked(td, text) {
    var low = text.toLowerCase();
    if (!words.length || low.length !== text.length) {
      td.textContent = text;
      return;
    }
    var spans = [];
    words.forEach(function (w) {
      for (var at = low.indexOf(w); at >= 0; at = low.indexOf(w, at + w.length)) {
        spans.push([at, at + w.length]);
      }
    });
    spans.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    spans.forEach(function (s) {
      if (s[0] < pos) return;
      td.appendChild(document.createTextNode(text.slice(pos, s[0])));
      td.appendChild(el('mark', '', text.slice(s[0], s[1])));
      pos = s[1];
    });
    td.appendChild(document.createTextNode(text.slice(pos)));
  }

  function row(a) {
    var tr = el('tr');
    tr.appendChild(el('td', 'id', a[0]));
    tr.appendChild(el('td', 'src', a[1] + ':' + a[2]));
    var q = el('td', 'q', String(a[3] + 1));
    q.title = Q[a[3]];
    tr.appendChild(q);
    var themes = el('td', 'themes');
    a[4].forEach(function (k) {
      var key = K[k][0];
      var bucket = key === 'other' || key === 'no_content';
      themes.appendChild(el('span', bucket ? 'chip bucket' : 'chip', K[k][1]));
      themes.appendChild(document.createTextNode(' '));
    });
    tr.appendChild(themes);
    var text = el('td', 'text');
    marked(text, a[5]);
    tr.appendChild(text);
    return tr;
  }

  function more() {
    var end = Math.min(shown + PAGE, matches.length);
    var frag = document.createDocumentFragment();
    for (var j = shown; j < end; j++) frag.appendChild(row(A[matches[j]]));
    body.appendChild(frag);
    shown = end;
    count.textContent = matches.length
      ? fill(T[0], [fmt(shown), fmt(matches.length), fmt(A.length)])
      : T[2];
    moreButton.hidden = shown >= matches.length;
  }

  function filter() {
    var q = fQuestion.value === '' ? -1 : Number(fQuestion.value);
    var k = fTheme.value === '' ? -1 : Number(fTheme.value);
    words = fSearch.value.toLowerCase().split(/\s+/).filter(Boolean);
    matches = [];
    for (var i = 0; i < A.length; i++) {
      if (q >= 0 && A[i][3] !== q) continue;
      if (k >= 0 && A[i][4].indexOf(k) < 0) continue;
      var ok = true;
      for (var w = 0; w < words.length && ok; w++) ok = lower[i].indexOf(words[w]) >= 0;
      if (ok) matches.push(i);
    }
    body.textContent = '';
    shown = 0;
    more();
  }

  var timer = 0;
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(filter, A.length > 5000 ? 120 : 30);
  }

  fSearch.addEventListener('input', soon);
  fQuestion.addEventListener('change', filter);
  fTheme.addEventListener('change', filter);
  moreButton.addEventListener('click', more);
  // "Show answers" on a theme: the table filtered to it (then the link scrolls there).
  document.addEventListener('click', function (e) {
    var a = e.target.closest ? e.target.closest('a.show') : null;
    if (!a) return;
    var key = a.getAttribute('data-key');
    for (var k = 0; k < K.length; k++) {
      if (K[k][0] === key) {
        fTheme.value = String(k);
        break;
      }
    }
    fQuestion.value = '';
    fSearch.value = '';
    filter();
  });
  filter();
  document.documentElement.setAttribute('data-ready', String(A.length));
})();
