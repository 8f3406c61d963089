// Attachment uploads on the task, hot-spot and application pages. Before sending, the
// chosen files are checked against the limits the server put on the form
// (data-max-size, data-max-files, data-accept), so that a file the server
// would refuse is refused at once; then the form is sent with
// XMLHttpRequest so that a large file shows its progress. Without
// JavaScript the form posts as it is, and the server answers the same.
(function () {
  "use strict";

  function extOf(name) {
    var i = name.lastIndexOf(".");
    return i < 0 ? "" : name.slice(i).toLowerCase();
  }

  // refusal names what is wrong with the chosen files, or "".
  function refusal(form, input) {
    var files = input.files || [];
    var max = parseInt(form.getAttribute("data-max-size"), 10) || 0;
    var maxFiles = parseInt(form.getAttribute("data-max-files"), 10) || 0;
    var accept = (form.getAttribute("data-accept") || "").split(",");
    var exts = accept.filter(function (a) { return a.charAt(0) === "."; });
    if (maxFiles && files.length > maxFiles) {
      return form.getAttribute("data-msg-count");
    }
    for (var i = 0; i < files.length; i++) {
      var f = files[i];
      if (max && f.size > max) {
        return f.name + " — " + form.getAttribute("data-msg-size");
      }
      // A name without an extension is left to the server, which sniffs.
      var ext = extOf(f.name);
      if (exts.length && ext !== "" && exts.indexOf(ext) < 0) {
        return f.name + " — " + form.getAttribute("data-msg-type");
      }
    }
    return "";
  }

  var forms = document.querySelectorAll("form.attach-upload");
  Array.prototype.forEach.call(forms, function (form) {
    var input = form.querySelector("input[type=file]");
    var box = form.querySelector(".upload-refusal");
    function check() {
      var msg = input ? refusal(form, input) : "";
      if (box) {
        box.textContent = msg;
        box.hidden = msg === "";
      }
      return msg;
    }
    if (input) {
      input.addEventListener("change", check);
    }
    form.addEventListener("submit", function (ev) {
      if (check() !== "") {
        ev.preventDefault();
        return;
      }
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
        // The server redirects to the page, or answers it with the error:
        // show whichever came back.
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
