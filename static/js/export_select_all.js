"use strict";
// The admin's export page (django-import-export): the "Select all" box ticks or clears every
// field. The package binds it with an onchange= attribute, which the Content-Security-Policy
// blocks; its handler (export_selectable_fields.js) is bound here instead.
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("input.select-toggle").forEach((toggle) => {
    toggle.addEventListener("change", window.onSelectToggleChange);
  });
});
