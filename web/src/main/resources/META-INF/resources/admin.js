// The administration pages work without this script; it only adds: the upload's sending progress,
// following a running upload in place, and a Copy button for a staff token.
(function () {
  'use strict';
  var form = document.getElementById('upload-form');
  if (form && window.FormData && window.XMLHttpRequest) {
    form.addEventListener('submit', function (event) {
      if (!form.checkValidity()) { return; }
      event.preventDefault();
      var box = document.getElementById('send');
      var bar = document.getElementById('send-progress');
      box.hidden = false;
      form.querySelector('button[type=submit]').disabled = true;
      var xhr = new XMLHttpRequest();
      xhr.open('POST', form.action);
      xhr.upload.addEventListener('progress', function (e) {
        if (e.lengthComputable) { bar.value = Math.round(e.loaded * 100 / e.total); }
      });
      xhr.addEventListener('load', function () {
        if (xhr.responseURL && xhr.responseURL.indexOf('/admin/outreach/uploads/') >= 0) {
          window.location.assign(xhr.responseURL);
        } else {
          document.open(); document.write(xhr.responseText); document.close();
        }
      });
      xhr.addEventListener('error', function () { form.submit(); });
      xhr.send(new FormData(form));
    });
  }
  var status = document.getElementById('upload-status');
  if (status && status.getAttribute('data-running') === 'true' && window.fetch) {
    var follow = function () {
      fetch(status.getAttribute('data-src'), { credentials: 'same-origin' }).then(function (r) { return r.text(); })
        .then(function (html) {
          status.innerHTML = html;
          if (status.querySelector('progress')) { setTimeout(follow, 1500); }
        }).catch(function () { setTimeout(follow, 5000); });
    };
    setTimeout(follow, 1000);
  }
  var copy = document.getElementById('copy-token');
  if (copy && navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener('click', function () {
      navigator.clipboard.writeText(document.getElementById('token').value).then(function () {
        document.getElementById('copy-status').textContent = copy.getAttribute('data-copied');
      });
    });
  }
})();
