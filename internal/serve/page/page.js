// The page works without this script: the form posts the files, and the
// answer is the scorecard. The script adds dropping files anywhere on the
// page, says which files are chosen, and stops an empty form being sent.
(function () {
  'use strict';
  var form = document.getElementById('check-form');
  var input = document.getElementById('plan');
  var drop = document.getElementById('drop');
  var chosen = document.getElementById('plan-chosen');
  var text = document.getElementById('text');
  var button = document.getElementById('check');
  if (!form || !input || !drop || !chosen) {
    return;
  }

  function show() {
    var names = [];
    for (var i = 0; i < input.files.length; i++) {
      names.push(input.files[i].name);
    }
    chosen.textContent = names.length ? 'Chosen: ' + names.join(', ') : '';
  }

  function carriesFiles(e) {
    var types = e.dataTransfer && e.dataTransfer.types;
    return !!types && Array.prototype.indexOf.call(types, 'Files') >= 0;
  }

  input.addEventListener('change', show);
  ['dragenter', 'dragover'].forEach(function (type) {
    document.addEventListener(type, function (e) {
      if (carriesFiles(e)) {
        e.preventDefault();
        e.dataTransfer.dropEffect = 'copy';
        drop.classList.add('over');
      }
    });
  });
  document.addEventListener('dragleave', function (e) {
    if (!e.relatedTarget) {
      drop.classList.remove('over');
    }
  });
  document.addEventListener('drop', function (e) {
    drop.classList.remove('over');
    if (!carriesFiles(e)) {
      return;
    }
    e.preventDefault();
    input.files = e.dataTransfer.files;
    show();
    input.focus();
  });

  form.addEventListener('submit', function (e) {
    if (input.files.length === 0 && (!text || text.value.trim() === '')) {
      e.preventDefault();
      chosen.textContent = 'Choose a plan file, or paste a plan’s text, first.';
      input.focus();
      return;
    }
    if (button) {
      button.disabled = true;
      button.textContent = 'Checking…';
    }
  });
  // Back from the scorecard, the page may be shown as it was left.
  window.addEventListener('pageshow', function () {
    if (button) {
      button.disabled = false;
      button.textContent = 'Check the plan';
    }
  });
})();
