"use strict";
// The reflection form (cpd/templates/cpd/reflection_form.html), after autosave.js:
// - data-edit-url: the form is a saved draft's (a refused "Save as complete" saves a new
//   one); the address bar shows its page, so reloading opens the draft, not a blank form.
// - data-unsaved: the page came back holding text that is not saved (a save refused for
//   its errors): it counts as changed, so autosave.js saves it when it can and asks
//   before the page is left.
(() => {
  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-edit-url]").forEach((form) => {
      if (form.dataset.editUrl !== window.location.pathname) {
        window.history.replaceState(null, "", form.dataset.editUrl);
      }
    });
    document.querySelectorAll("form[data-unsaved]").forEach((form) => {
      form.dispatchEvent(new Event("change"));
    });
  });
})();
