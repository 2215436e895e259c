/* Check-in with the camera of a phone, tablet or laptop, where the browser reads QR codes itself
   (BarcodeDetector). A code read goes into the code field and submits the same form a handheld
   scanner does, so the server sees no difference. Where the browser cannot, the camera button
   stays hidden and the page works as before. Every text shown comes from the page, translated. */
(function () {
  "use strict";

  var SCAN_MS = 250;
  var REPEAT_MS = 5000;  // the same badge held in view is submitted once, not every frame
  var RESUME_MS = 60000;  // a scan reloads the page: the camera comes back on if it was on
  var STATE_KEY = "cii-checkin-camera";

  function supported() {
    return typeof window.BarcodeDetector === "function" && !!navigator.mediaDevices &&
      typeof navigator.mediaDevices.getUserMedia === "function";
  }

  function readsQrCodes() {
    var formats = window.BarcodeDetector.getSupportedFormats;
    if (typeof formats !== "function") { return Promise.resolve(true); }
    return formats.call(window.BarcodeDetector)
      .then(function (list) { return list.indexOf("qr_code") !== -1; })
      .catch(function () { return false; });
  }

  // Per tab, so that two doors on two devices do not share anything.
  function loadState() {
    try {
      return JSON.parse(window.sessionStorage.getItem(STATE_KEY)) || {};
    } catch (error) {
      return {};
    }
  }

  function saveState(state) {
    try {
      window.sessionStorage.setItem(STATE_KEY, JSON.stringify(state));
    } catch (error) { /* private mode: no resuming, no memory of the last code */ }
  }

  function enhance(block, form, field) {
    var toggle = block.querySelector("[data-camera-toggle]");
    var video = block.querySelector("[data-camera-video]");
    var status = block.querySelector("[data-camera-status]");
    if (!toggle || !video || !status) { return; }
    var detector;
    try {
      detector = new window.BarcodeDetector({formats: ["qr_code"]});
    } catch (error) {
      return;
    }
    var stream = null;
    var timer = null;
    var starting = false;
    var pausedWhileHidden = false;
    var state = loadState();

    function say(name, problem) {
      status.textContent = name ? block.getAttribute("data-msg-" + name) || "" : "";
      status.classList.toggle("checkin-camera-problem", !!problem);
    }

    function problemOf(error) {
      var name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError" || name === "PermissionDeniedError") {
        return "denied";
      }
      if (name === "NotFoundError" || name === "OverconstrainedError" || name === "DevicesNotFoundError") {
        return "no-camera";
      }
      return "failed";
    }

    function showRunning(running) {
      toggle.textContent = block.getAttribute(running ? "data-label-stop" : "data-label-start");
      video.hidden = !running;
    }

    function stop() {
      window.clearTimeout(timer);
      timer = null;
      if (stream) {
        stream.getTracks().forEach(function (track) { track.stop(); });
        stream = null;
      }
      video.srcObject = null;
      showRunning(false);
    }

    function schedule() {
      if (stream) { timer = window.setTimeout(scanFrame, SCAN_MS); }
    }

    function submit(code) {
      state = {code: code, seen: Date.now(), resume: Date.now()};
      saveState(state);
      field.value = code;
      say("read");
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    }

    function found(code) {
      var now = Date.now();
      if (code === state.code && now - state.seen < REPEAT_MS) {
        state.seen = now;  // still in view: wait until it has been away for a while
        saveState(state);
        schedule();
        return;
      }
      submit(code);
    }

    function scanFrame() {
      timer = null;
      if (!stream) { return; }
      if (video.readyState < 2) {  // no frame yet
        schedule();
        return;
      }
      detector.detect(video).then(function (codes) {
        var code = codes.length ? String(codes[0].rawValue || "").trim() : "";
        if (code && stream) {
          found(code);
        } else {
          schedule();
        }
      }).catch(schedule);
    }

    function start() {
      if (starting || stream) { return; }
      starting = true;
      say("");
      navigator.mediaDevices.getUserMedia({video: {facingMode: "environment"}, audio: false})
        .then(function (media) {
          starting = false;
          stream = media;
          video.muted = true;
          video.srcObject = media;
          showRunning(true);
          var playing = video.play();
          if (playing && playing.catch) { playing.catch(function () { /* frames still arrive */ }); }
          say("scanning");
          schedule();
        })
        .catch(function (error) {
          starting = false;
          stop();
          say(problemOf(error), true);
        });
    }

    toggle.addEventListener("click", function () {
      if (stream) {
        stop();
        say("");
      } else {
        start();
      }
    });

    // Leaving the page, or putting the tab away, gives the camera back.
    window.addEventListener("pagehide", stop);
    document.addEventListener("visibilitychange", function () {
      if (document.hidden && stream) {
        pausedWhileHidden = true;
        stop();
      } else if (!document.hidden && pausedWhileHidden) {
        pausedWhileHidden = false;
        start();
      }
    });

    block.hidden = false;
    // Only right after a code read with the camera; any other visit starts with the camera off.
    var resume = state.resume && Date.now() - state.resume < RESUME_MS;
    delete state.resume;
    saveState(state);
    if (resume) { start(); }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var block = document.querySelector("[data-camera]");
    var field = document.querySelector("[data-scan-field]");
    var form = field && field.form;
    if (!block || !form || !supported()) { return; }
    readsQrCodes().then(function (yes) {
      if (yes) { enhance(block, form, field); }
    });
  });
}());
