"use strict";
// Nothing typed is lost (issue 20):
// - a form with data-autosave-url posts its fields there a moment after the member stops
//   typing (and when the tab is hidden); the server answers JSON (core/autosave.py) and
//   the form's [data-autosave-status] says "Saved at 10:42" or why it was not saved. The
//   first save of a new draft answers with its edit and autosave URLs, used from then on.
// - a form with data-autosave-url or data-warn-unsaved asks before the page is left with
//   changes that are not saved (beforeunload); submitting the form is not leaving.
(() => {
  const DELAY_MS = 1500;

  function setStatus(form, text, failed) {
    const status = form.querySelector("[data-autosave-status]");
    if (status) {
      status.textContent = text;
      status.classList.toggle("text-danger", Boolean(failed));
    }
  }

  function watch(form) {
    let dirty = false; // changed since the last successful save
    let version = 0; // counts the changes, to tell whether any came during a save
    let timer = null;
    let submitting = false;
    let saving = null; // the save under way, if any

    async function post(url, keepalive, savedVersion) {
      setStatus(form, gettext("Saving…"), false);
      let answer;
      try {
        const response = await fetch(url, {
          method: "POST",
          body: new FormData(form),
          credentials: "same-origin",
          headers: { Accept: "application/json" },
          keepalive: Boolean(keepalive),
        });
        answer = await response.json();
      } catch (error) {
        setStatus(form, gettext("Not saved: no connection. Your text is still here."), true);
        return;
      }
      if (!answer.saved) {
        setStatus(form, answer.message || gettext("Not saved."), true);
        return;
      }
      if (version === savedVersion) {
        dirty = false; // nothing typed while it was saving
      }
      if (answer.autosave_url) {
        form.dataset.autosaveUrl = answer.autosave_url;
      }
      if (answer.edit_url && answer.edit_url !== window.location.pathname) {
        form.action = answer.edit_url; // the new draft's page: saving it updates it
        window.history.replaceState(null, "", answer.edit_url);
      }
      setStatus(form, interpolate(gettext("Saved at %s"), [answer.saved_at]), false);
    }

    function save(keepalive) {
      clearTimeout(timer);
      const url = form.dataset.autosaveUrl;
      if (!url || !dirty || saving) {
        return;
      }
      const savedVersion = version;
      saving = post(url, keepalive, savedVersion).finally(() => {
        saving = null;
        if (version !== savedVersion && !submitting) {
          schedule(); // typed while it was saving: save that too
        }
      });
    }

    function schedule() {
      clearTimeout(timer);
      timer = setTimeout(() => save(false), DELAY_MS);
    }

    function changed() {
      dirty = true;
      version += 1;
      if (form.dataset.autosaveUrl) {
        schedule();
      }
    }

    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    form.addEventListener("submit", (event) => {
      clearTimeout(timer);
      if (saving) {
        // A new draft may be being created: submit once it is, to its page, so the
        // submit does not make a second one.
        event.preventDefault();
        const submitter = event.submitter;
        saving.then(() => form.requestSubmit(submitter || undefined));
        return;
      }
      submitting = true;
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden" && !submitting) {
        save(true);
      }
    });
    window.addEventListener("beforeunload", (event) => {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = ""; // older browsers need it set to ask
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("form[data-autosave-url], form[data-warn-unsaved]").forEach(watch);
  });
})();
