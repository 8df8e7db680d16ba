// Check-in page: scan the QR code of someone's booking (camera, or a photo) and tick them in.
// Progressive enhancement only: without this script (or without jsQR) the section stays hidden and
// the list and its search do the work. The code holds the link to /organiser/registrations/<id>/check-in.
(function () {
  "use strict";
  var box = document.querySelector("[data-scanner]");
  if (!box || typeof window.jsQR !== "function" || !window.createImageBitmap) { return; }

  var PATH = /^\/organiser\/registrations\/(\d+)\/check-in\/?$/;
  var MAX_SIDE = 1024;  // big photos are scaled down: quicker, and jsQR reads them as well
  var status = box.querySelector("[data-scan-status]");
  var video = box.querySelector("[data-scan-video]");
  var cameraButton = box.querySelector("[data-scan-camera]");
  var photo = box.querySelector("[data-scan-photo]");
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;

  function say(text) { status.textContent = text; }

  function decode(source, width, height) {
    var scale = Math.min(1, MAX_SIDE / Math.max(width, height));
    canvas.width = Math.max(1, Math.round(width * scale));
    canvas.height = Math.max(1, Math.round(height * scale));
    context.drawImage(source, 0, 0, canvas.width, canvas.height);
    var pixels = context.getImageData(0, 0, canvas.width, canvas.height);
    var code = window.jsQR(pixels.data, canvas.width, canvas.height, { inversionAttempts: "attemptBoth" });
    return code ? code.data : null;
  }

  function ourPath(text) {
    var url;
    try { url = new URL(text, window.location.href); } catch (error) { return null; }
    return PATH.test(url.pathname) ? url.pathname : null;
  }

  // Someone on this list is ticked in at once; anyone else opens their own check-in page.
  function act(text) {
    var path = ourPath(text);
    if (!path) { say(box.getAttribute("data-not-ours")); return false; }
    stopCamera();
    var row = document.getElementById("reg-" + PATH.exec(path)[1]);
    var form = row && row.querySelector("form.check-in-form");
    say(box.getAttribute("data-found"));
    if (form && !form.querySelector('input[name="undo"]')) {
      form.submit();
    } else {
      window.location.assign(path);
    }
    return true;
  }

  function stopCamera() {
    if (!stream) { return; }
    stream.getTracks().forEach(function (track) { track.stop(); });
    stream = null;
    video.hidden = true;
    cameraButton.textContent = box.getAttribute("data-start");
  }

  function watch() {
    if (!stream) { return; }
    if (video.readyState >= 2 && video.videoWidth) {
      var text = decode(video, video.videoWidth, video.videoHeight);
      if (text && act(text)) { return; }
    }
    window.requestAnimationFrame(watch);
  }

  if (navigator.mediaDevices && navigator.mediaDevices.getUserMedia) {
    cameraButton.hidden = false;
    cameraButton.addEventListener("click", function () {
      if (stream) { stopCamera(); say(""); return; }
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
        .then(function (media) {
          stream = media;
          video.srcObject = media;
          video.hidden = false;
          cameraButton.textContent = box.getAttribute("data-stop");
          say(box.getAttribute("data-aim"));
          return video.play().then(watch);
        })
        .catch(function () { stopCamera(); say(box.getAttribute("data-no-camera")); });
    });
  }

  photo.addEventListener("change", function () {
    var file = photo.files && photo.files[0];
    if (!file) { return; }
    say(box.getAttribute("data-reading"));
    window.createImageBitmap(file)
      .then(function (image) {
        var text = decode(image, image.width, image.height);
        if (!text) { say(box.getAttribute("data-no-code")); return; }
        act(text);
      })
      .catch(function () { say(box.getAttribute("data-no-code")); });
  });

  box.hidden = false;
}());
