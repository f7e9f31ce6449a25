"use strict";
// Errors a member can find (issue 20): a form returned with errors gets a summary at its
// top ("There is a problem with these answers", one link per field in error, named by its
// label), which takes the focus so it is read out first; each link moves the focus to its
// field, whose error is read with it (crispy-forms' aria-describedby). The messages are
// not copied: each stays once, beside its field. A form with only its own errors (above
// its fields) gets no summary: that message takes the focus instead.
(() => {
  function fieldFor(feedback) {
    const described = document.querySelector(`[aria-describedby~="${feedback.id}"]`);
    if (described) {
      return described;
    }
    return feedback.closest(".mb-3, p, fieldset")?.querySelector("input, select, textarea");
  }

  function labelOf(field) {
    if (!field) {
      return "";
    }
    if (field.tagName === "FIELDSET") {
      return field.querySelector("legend")?.textContent.trim() || "";
    }
    const label = field.id && document.querySelector(`label[for="${field.id}"]`);
    return label ? label.textContent.trim() : field.getAttribute("aria-label") || "";
  }

  function summarise(form, index) {
    const items = [];
    form.querySelectorAll(".invalid-feedback[id], ul.errorlist[id]").forEach((feedback) => {
      let field = fieldFor(feedback);
      const label = labelOf(field).replace(/\*$/, "").trim();
      if (field && field.tagName === "FIELDSET") {
        field = field.querySelector("input, select, textarea");
      }
      if (field && field.id && !items.some((item) => item.href === `#${field.id}`)) {
        items.push({ href: `#${field.id}`, text: label || feedback.textContent.trim() });
      }
    });
    if (!items.length) {
      const own = form.querySelector(".alert-danger, ul.errorlist.nonfield");
      if (own) {
        own.tabIndex = -1;
      }
      return own;
    }
    const summary = document.createElement("div");
    summary.className = "alert alert-danger error-summary";
    summary.tabIndex = -1;
    const heading = document.createElement("h2");
    heading.className = "h5";
    heading.id = `error-summary-title-${index}`;
    heading.textContent = gettext("There is a problem with these answers");
    summary.setAttribute("role", "region");
    summary.setAttribute("aria-labelledby", heading.id);
    const list = document.createElement("ul");
    list.className = "mb-0";
    items.forEach(({ href, text }) => {
      const item = document.createElement("li");
      const link = document.createElement("a");
      link.href = href;
      link.textContent = text;
      link.addEventListener("click", (event) => {
        const target = document.getElementById(href.slice(1));
        if (target) {
          event.preventDefault();
          target.focus();
          target.scrollIntoView({ block: "center" });
        }
      });
      item.append(link);
      list.append(item);
    });
    summary.append(heading, list);
    form.prepend(summary);
    return summary;
  }

  // Crispy-forms marks required fields with an asterisk: say once what it means (once a
  // page: the CPD export page has two forms with required dates).
  function explainAsterisks(form) {
    if (!form.querySelector(".asteriskField") || document.querySelector("main .required-note")) {
      return;
    }
    const note = document.createElement("p");
    note.className = "required-note form-text";
    note.textContent = gettext("Fields marked * are required.");
    const first = form.querySelector(".mb-3, fieldset, p");
    (first ? first.parentNode : form).insertBefore(note, first);
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("main form").forEach(explainAsterisks);
    let first = null;
    document.querySelectorAll("main form").forEach((form, index) => {
      const summary = summarise(form, index);
      first = first || summary;
    });
    if (first) {
      first.focus();
    }
  });
})();
