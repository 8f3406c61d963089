// Attachment uploads on the task, hot-spot and application pages, and the
// forms that take files besides their fields (a task's actions, a hot-spot
// report, the community's feedback). Before sending, the chosen files (of
// every file input of the form) are checked against the limits the server
// put on the form (data-max-size, data-max-files, data-accept), so that a
// file the server would refuse is refused at once; then a form with files
// is sent with XMLHttpRequest so that a large file shows its progress.
// Without JavaScript the form posts as it is, and the server answers the
// same.
(function () {
  "use strict";

  function extOf(name) {
    var i = name.lastIndexOf(".");
    return i < 0 ? "" : name.slice(i).toLowerCase();
  }

  // chosen lists the files of all the form's file inputs.
  function chosen(inputs) {
    var files = [];
    Array.prototype.forEach.call(inputs, function (input) {
      Array.prototype.push.apply(files, Array.prototype.slice.call(input.files || []));
    });
    return files;
  }

  // refusal names what is wrong with the chosen files, or "".
  function refusal(form, files) {
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
    var inputs = form.querySelectorAll("input[type=file]");
    var box = form.querySelector(".upload-refusal");
    function check() {
      var msg = refusal(form, chosen(inputs));
      if (box) {
        box.textContent = msg;
        box.hidden = msg === "";
      }
      return msg;
    }
    Array.prototype.forEach.call(inputs, function (input) {
      input.addEventListener("change", check);
    });
    form.addEventListener("submit", function (ev) {
      if (check() !== "") {
        ev.preventDefault();
        return;
      }
      // Without files (an action with only a note) there is nothing to
      // show progress of: the form posts as usual.
      if (!window.FormData || !window.XMLHttpRequest || chosen(inputs).length === 0) {
        return;
      }
      ev.preventDefault();
      var bar = form.querySelector("progress.upload-progress");
      var button = form.querySelector("button[type=submit]");
      var xhr = new XMLHttpRequest();
      // The form's address from its attribute: a task's action form has a
      // field named "action", which form.action would be.
      var target = new URL(form.getAttribute("action") || "", document.baseURI).href;
      xhr.open("POST", target);
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
        // The server redirects to the page, or answers with the page
        // itself (an error, or a change saved with a file it refused):
        // go to the one, show the other.
        if (xhr.responseURL && xhr.status < 400 && xhr.responseURL !== target) {
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
