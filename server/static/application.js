// Evidence uploads on the application page: send the form with
// XMLHttpRequest so that a large file shows its progress. Without
// JavaScript the form posts as it is, and the server answers the same.
(function () {
  "use strict";
  var forms = document.querySelectorAll("form.evidence-upload");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (ev) {
      if (!window.FormData || !window.XMLHttpRequest) {
        return;
      }
      ev.preventDefault();
      var bar = form.querySelector("progress.upload-progress");
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      if (bar) {
        bar.hidden = false;
        bar.value = 0;
        xhr.upload.addEventListener("progress", function (e) {
          if (e.lengthComputable) {
            bar.value = Math.round((e.loaded / e.total) * 100);
          }
        });
      }
      if (button) {
        button.disabled = true;
      }
      xhr.addEventListener("load", function () {
        // The server redirects to the application page, or answers it
        // with the error: show whichever came back.
        if (xhr.responseURL && xhr.status < 400) {
          window.location.assign(xhr.responseURL);
          return;
        }
        document.open();
        document.write(xhr.responseText);
        document.close();
      });
      xhr.addEventListener("error", function () {
        if (button) {
          button.disabled = false;
        }
        if (bar) {
          bar.hidden = true;
        }
        form.submit();
      });
      xhr.send(new FormData(form));
    });
  });
})();
