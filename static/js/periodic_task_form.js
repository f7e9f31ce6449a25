"use strict";
// The periodic task form (django-celery-beat): under the crontab field, the chosen schedule
// in words. The package does this in an inline script, which the Content-Security-Policy
// blocks; this is the same behaviour from a file.
document.addEventListener("DOMContentLoaded", () => {
  const data = document.getElementById("readable-crontabs");
  const select = document.getElementById("id_crontab");
  const help = document.querySelector(".field-crontab .help");
  if (!data || !select || !help) {
    return;
  }
  const readable = JSON.parse(data.textContent);
  const words = document.createElement("span");
  help.append(document.createElement("br"), words);
  const show = () => {
    const text = readable[select.value];
    words.textContent = text ? interpolate(gettext("Translation: %(schedule)s"), { schedule: text }, true) : "";
  };
  document.querySelectorAll(".field-crontab_translation").forEach((row) => {
    row.style.display = "none";
  });
  select.addEventListener("change", show);
  show();
});
