// A record form's children (core/kit/children.py): "Add a row" copies the formset's empty row (its <template>),
// numbering its fields as the next row, and counts it in the formset's TOTAL_FORMS. Without this script the
// form offers its empty rows only. DOM nodes only: no HTML is parsed from text.
(function () {
  "use strict";
  function number(node, index) {
    ["name", "id", "for"].forEach(function (attribute) {
      var value = node.getAttribute && node.getAttribute(attribute);
      if (value && value.indexOf("__prefix__") !== -1) {
        node.setAttribute(attribute, value.split("__prefix__").join(String(index)));
      }
    });
  }
  function prepare(fieldset) {
    var button = fieldset.querySelector(".add-child-row");
    var template = fieldset.querySelector("template.child-template");
    var total = fieldset.querySelector('input[name="' + fieldset.dataset.prefix + '-TOTAL_FORMS"]');
    var body = fieldset.querySelector("table.child-rows tbody");
    if (!button || !template || !total || !body) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var index = parseInt(total.value, 10) || 0;
      var row = template.content.cloneNode(true);
      row.querySelectorAll("*").forEach(function (node) { number(node, index); });
      body.appendChild(row);
      total.value = String(index + 1);
    });
  }
  function start() {
    document.querySelectorAll("fieldset.children[data-prefix]").forEach(prepare);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
