"use strict";
// The matching run review page while the run works: polls the run's progress (JSON) every
// few seconds and updates the progress bar in place, instead of refreshing the whole page
// (which moved the focus and the screen reader back to the top every 3 seconds). A polite
// live region says each 25% step and the end, with a button to show the proposals. Words
// come from the /jsi18n/ catalogue (gettext, interpolate).
document.addEventListener("DOMContentLoaded", () => {
  const box = document.querySelector("[data-run-progress]");
  if (!box) {
    return;
  }
  const bar = box.querySelector("progress");
  const percent = box.querySelector("[data-run-percent]");
  const status = box.querySelector("[data-run-status]");
  const announce = document.querySelector("[data-run-announce]");
  let step = Math.floor(Number(bar.value) / 25);

  function finished(text) {
    announce.textContent = `${text}. `;
    const show = document.createElement("button");
    show.type = "button";
    show.className = "button";
    show.textContent = gettext("Show the proposals");
    show.addEventListener("click", () => window.location.reload());
    announce.append(show);
  }

  async function poll() {
    let run;
    try {
      const response = await fetch(box.dataset.runProgress, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      run = await response.json();
    } catch (error) {
      setTimeout(poll, 10000);
      return;
    }
    bar.value = run.progress;
    bar.textContent = `${run.progress}%`;
    percent.textContent = `${run.progress}%`;
    status.textContent = run.status;
    if (!run.running) {
      finished(interpolate(gettext("The run is %(status)s"), { status: run.status.toLowerCase() }, true));
      return;
    }
    if (Math.floor(run.progress / 25) > step) {
      step = Math.floor(run.progress / 25);
      announce.textContent = interpolate(gettext("%(percent)s done"), { percent: `${run.progress}%` }, true);
    }
    setTimeout(poll, 3000);
  }
  setTimeout(poll, 3000);
});
