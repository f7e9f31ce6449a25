"use strict";
// The scheme form (admin): only the fields the chosen kind and intake use are shown,
// switching as the kind or intake select changes. The kind select carries, in
// data-unused-fields, the fields each "kind:intake" does not use
// (schemes.models.scheme_rules.kind_fields_unused_by_choice); the server ignores or refuses
// a value in them on save, so this only spares the reader. A field with an error stays.
document.addEventListener("DOMContentLoaded", () => {
  const kind = document.getElementById("id_kind");
  const intake = document.getElementById("id_intake");
  if (!kind || !intake || !kind.dataset.unusedFields) {
    return;
  }
  const unusedByChoice = JSON.parse(kind.dataset.unusedFields);
  const fieldsOf = (element) =>
    [...element.classList].filter((name) => name.startsWith("field-")).map((name) => name.slice(6));
  const show = () => {
    const unused = new Set(unusedByChoice[`${kind.value}:${intake.value}`] || []);
    const hide = (element) => {
      const names = fieldsOf(element);
      const hidden = names.length > 0 && names.every((name) => unused.has(name));
      element.classList.toggle("kind-unused", hidden && !element.classList.contains("errors"));
    };
    // a field beside others (with its help text), then whole rows, then empty fieldsets
    document.querySelectorAll("form .fieldBox").forEach(hide);
    document.querySelectorAll("form .fieldBox").forEach((box) => {
      box.parentElement.classList.toggle("kind-unused", box.classList.contains("kind-unused"));
    });
    document.querySelectorAll("form .form-row").forEach(hide);
    document.querySelectorAll("form fieldset.module").forEach((fieldset) => {
      const rows = [...fieldset.querySelectorAll(".form-row")];
      const empty = rows.length > 0 && rows.every((row) => row.classList.contains("kind-unused"));
      fieldset.classList.toggle("kind-unused", empty);
    });
  };
  kind.addEventListener("change", show);
  intake.addEventListener("change", show);
  show();
});
