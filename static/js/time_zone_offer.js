"use strict";
// Offers the browser's time zone (Intl) to a member who has not chosen one yet:
// - the banner form (base.html, data-time-zone-offer) is filled in and shown;
// - a time zone select with nothing chosen (data-browser-zone="offer", the profile form)
//   is pre-selected, so saving the profile keeps it;
// - a button naming the zone (data-device-zone: the id of the select it fills, the profile
//   form) is shown; pressing it fills the select and submits nothing (type="button").
// Nothing is sent until the member presses a submit button.
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
  const choose = (select) => {
    if (![...select.options].some((option) => option.value === zone)) {
      select.add(new Option(zone.replaceAll("_", " "), zone));
    }
    select.value = zone;
  };
  document.querySelectorAll("select[data-browser-zone=offer]").forEach((select) => {
    if (!select.value) {
      choose(select);
    }
  });
  document.querySelectorAll("button[data-device-zone]").forEach((button) => {
    const select = document.getElementById(button.dataset.deviceZone);
    if (!select) {
      return;
    }
    button.querySelector("[data-time-zone-name]").textContent = zone.replaceAll("_", " ");
    button.hidden = false;
    button.addEventListener("click", () => {
      choose(select);
      select.dispatchEvent(new Event("change", { bubbles: true }));
      select.focus();
    });
  });
});
