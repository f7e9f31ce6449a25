"use strict";
// Offers the browser's time zone (Intl) to a member who has not chosen one yet:
// - the banner form (base.html, data-time-zone-offer) is filled in and shown;
// - a time zone select with nothing chosen (data-browser-zone="offer", the profile form)
//   is pre-selected, so saving the profile keeps it.
// Nothing is sent until the member presses a button.
document.addEventListener("DOMContentLoaded", () => {
  let zone = "";
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
  } catch (error) {
    return;
  }
  if (!zone) {
    return;
  }
  document.querySelectorAll("form[data-time-zone-offer]").forEach((form) => {
    form.querySelector("input[name=timezone]").value = zone;
    form.querySelector("[data-time-zone-name]").textContent = zone.replaceAll("_", " ");
    form.hidden = false;
  });
  document.querySelectorAll("select[data-browser-zone=offer]").forEach((select) => {
    if (select.value) {
      return;
    }
    if (![...select.options].some((option) => option.value === zone)) {
      select.add(new Option(zone.replaceAll("_", " "), zone));
    }
    select.value = zone;
  });
});
