// The clinic console's small helpers; every page works without them.
(function () {
  'use strict';
  var compact = function (text) { return text.toLowerCase().replace(/[^\p{L}\p{N}]/gu, ''); };

  // Roster: filter the lines as the search box is typed in (the form still searches on the server).
  var search = document.getElementById('q');
  var lines = document.querySelectorAll('.roster-line');
  if (search && lines.length) {
    var status = document.getElementById('roster-status');
    var initial = status ? status.textContent : '';
    search.addEventListener('input', function () {
      var wanted = search.value.trim().toLowerCase();
      var shown = 0;
      lines.forEach(function (line) {
        var text = line.getAttribute('data-search') || '';
        var match = !wanted || text.indexOf(wanted) >= 0 || (compact(wanted) && text.indexOf(compact(wanted)) >= 0);
        line.hidden = !match;
        if (match) { shown++; }
      });
      document.querySelectorAll('.slot-group').forEach(function (group) {
        group.hidden = !group.querySelector('.roster-line:not([hidden])');
      });
      if (status) { status.textContent = wanted ? initial.replace(/\.?\s*$/, '') + ' · ' + shown + ' / ' + lines.length : initial; }
    });
  }

  // Dose form: a product selects its usual vaccine type and manufacturer.
  var product = document.getElementById('product');
  if (product) {
    product.addEventListener('change', function () {
      var chosen = product.options[product.selectedIndex];
      var type = document.getElementById('vaccine_type');
      var manufacturer = document.getElementById('manufacturer');
      if (type && chosen.dataset.type) { type.value = chosen.dataset.type; }
      if (manufacturer && chosen.dataset.manufacturer) { manufacturer.value = chosen.dataset.manufacturer; }
    });
  }

  // Upload: while the file is read, show the recent uploads' counts (the running one among them).
  var upload = document.getElementById('upload-form');
  if (upload && window.fetch) {
    upload.addEventListener('submit', function () {
      var progress = document.getElementById('upload-progress');
      var recent = document.getElementById('recent-uploads');
      if (progress) { progress.hidden = false; }
      setInterval(function () {
        fetch(upload.getAttribute('data-progress'), { credentials: 'same-origin' })
          .then(function (answer) { return answer.ok ? answer.text() : null; })
          .then(function (html) { if (html && recent) { recent.innerHTML = html; } })
          .catch(function () {});
      }, 2000);
    });
  }
})();
