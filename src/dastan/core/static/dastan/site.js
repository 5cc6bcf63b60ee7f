/* Progressive enhancements only: every page works without this file. */
(function () {
  "use strict";
  // Web Share: offer the phone's own share sheet where the browser has one.
  if (navigator.share) {
    document.querySelectorAll(".share-button").forEach(function (button) {
      button.closest(".share-native").hidden = false;
      button.addEventListener("click", function () {
        navigator.share({ title: button.dataset.shareTitle, url: button.dataset.shareUrl })
          .catch(function () { /* the reader closed the sheet */ });
      });
    });
  }
})();
