// A person's documents: while one is still being read, the list is asked for again every two seconds and
// replaced when it changed, until every document is done or failed. Without script the page's link reloads it.
(function () {
  var list = document.getElementById('documents');
  if (!list || !list.dataset.pending || !window.fetch) {
    return;
  }
  function pending() {
    return list.querySelector('[data-final="false"]') !== null;
  }
  function ask() {
    fetch(list.dataset.refresh, { credentials: 'same-origin', headers: { 'Accept': 'text/html' } })
      .then(function (answer) { return answer.ok ? answer.text() : null; })
      .then(function (html) {
        if (html !== null && html.trim() !== list.innerHTML.trim()) {
          list.innerHTML = html;
        }
        if (pending()) {
          setTimeout(ask, 2000);
        } else {
          var link = document.querySelector('.refresh');
          if (link) {
            link.hidden = true;
          }
        }
      })
      .catch(function () { setTimeout(ask, 5000); });
  }
  setTimeout(ask, 2000);
})();
