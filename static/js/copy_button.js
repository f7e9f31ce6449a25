"use strict";
// A "Copy" button for text the member needs elsewhere (the calendar feed's address). The
// button is hidden in the page and shown here only where the browser can copy: without
// JavaScript the text stays fully shown and selectable. data-copy-target names the
// element whose text is copied; the page's [data-copy-status] says it was copied.
document.addEventListener("DOMContentLoaded", () => {
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  document.querySelectorAll("button[data-copy-target]").forEach((button) => {
    const target = document.getElementById(button.dataset.copyTarget);
    if (!target) {
      return;
    }
    const status = button.parentElement.querySelector("[data-copy-status]");
    button.hidden = false;
    button.addEventListener("click", () => {
      navigator.clipboard.writeText(target.textContent.trim()).then(
        () => {
          if (status) {
            status.textContent = gettext("Copied.");
          }
        },
        () => {
          if (status) {
            status.textContent = gettext("Could not copy: select the address and copy it.");
          }
        },
      );
    });
  });
});
