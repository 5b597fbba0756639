// danvan: small behaviours, no inline scripts (CSP).
(function () {
  "use strict";

  // Progress bars: width comes from data-percent (inline styles are not allowed).
  function applyProgress(root) {
    root.querySelectorAll("[data-percent]").forEach(function (el) {
      el.style.width = el.getAttribute("data-percent") + "%";
    });
  }

  // Confirm before submitting any form marked data-confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  }, true);

  // Auto-submit filter forms (htmx) when a choice changes: a select, a number (the year, when
  // the cursor leaves it), a date picker, a check box. Typed text has the form's own trigger.
  var AUTOSUBMIT_INPUTS = ["number", "date", "checkbox", "radio"];
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.form || !el.form.hasAttribute("data-autosubmit")) { return; }
    if (el.tagName === "SELECT" || (el.tagName === "INPUT" && AUTOSUBMIT_INPUTS.indexOf(el.type) !== -1)) {
      if (window.htmx) { window.htmx.trigger(el.form, "submit"); } else { el.form.submit(); }
    }
  });

  // Filter forms: leave empty fields, and the text typed in a picker's search box
  // ("<field>__search"), out of the request (and so out of the pushed URL and the export link).
  function leftOut(key, value) { return value === "" || /__search$/.test(key); }
  document.addEventListener("htmx:configRequest", function (event) {
    var source = event.detail.elt;
    if (!source || !source.hasAttribute || !source.hasAttribute("data-autosubmit")) { return; }
    var params = event.detail.parameters;
    var keys = [];
    if (typeof params.forEach === "function" && typeof params.delete === "function") {
      params.forEach(function (value, key) { if (leftOut(key, value)) { keys.push(key); } });
      keys.forEach(function (key) { params.delete(key); });
    } else {
      Object.keys(params).forEach(function (key) { if (leftOut(key, params[key])) { delete params[key]; } });
    }
  });

  // Pickers: Enter in the search box searches at once; it does not submit the form around it.
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (event.key !== "Enter" || !input.matches || !input.matches(".autocomplete input[type=search]")) { return; }
    event.preventDefault();
    if (window.htmx) { window.htmx.trigger(input, "search"); }
  });

  // Charts (Chart.js, vendored): <canvas data-chart="ID"> is drawn from the JSON of the
  // json_script block with that id: {labels: [...], datasets: [{label, data}], type?}.
  // On a narrow screen a bar chart lies on its side: the names of units and fields read along
  // the left edge in full instead of slanted and cut under the bars, one bar row per name.
  var CHART_COLORS = ["#0d6efd", "#dc3545", "#198754", "#fd7e14", "#6f42c1", "#20c997"];
  var NARROW_CHART = 576;
  function drawCharts(root) {
    if (!window.Chart) { return; }
    root.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var source = document.getElementById(canvas.getAttribute("data-chart"));
      if (!source || canvas.hasAttribute("data-chart-drawn")) { return; }
      var spec = JSON.parse(source.textContent);
      var datasets = spec.datasets.map(function (dataset, index) {
        var color = CHART_COLORS[index % CHART_COLORS.length];
        return { label: dataset.label, data: dataset.data, backgroundColor: color, borderColor: color };
      });
      var type = spec.type || "bar";
      var sideways = type === "bar" && canvas.parentElement.clientWidth < NARROW_CHART;
      var counts = { beginAtZero: true, ticks: { precision: 0 } };
      if (sideways) {
        var rowHeight = 14 * Math.max(1, datasets.length) + 12;
        canvas.parentElement.style.height = Math.max(240, spec.labels.length * rowHeight + 90) + "px";
      }
      new window.Chart(canvas, {
        type: type,
        data: { labels: spec.labels, datasets: datasets },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          indexAxis: sideways ? "y" : "x",
          scales: sideways ? { x: counts } : { y: counts },
          plugins: { legend: { position: "bottom" } }
        }
      });
      canvas.setAttribute("data-chart-drawn", "true");
    });
  }

  document.addEventListener("DOMContentLoaded", function () { applyProgress(document); drawCharts(document); });
  document.addEventListener("htmx:afterSwap", function (event) { applyProgress(event.target); drawCharts(event.target); });

  // A picker's search (core.widgets.AutocompleteSelect) replaces the options of its <select>: the
  // choice made before stays chosen, first after the empty option, until the user picks another
  // one. Typing to look around never clears a field; choosing "---------" does. (A multiple
  // picker sends its choices along and gets them back selected from the server.)
  function pickerSelect(target) {
    return target && target.tagName === "SELECT" && !target.multiple && target.closest(".autocomplete") ? target : null;
  }
  document.addEventListener("htmx:beforeSwap", function (event) {
    var select = pickerSelect(event.detail.target);
    if (!select) { return; }
    var chosen = select.selectedIndex >= 0 ? select.options[select.selectedIndex] : null;
    select.keptChoice = chosen && chosen.value ? { value: chosen.value, label: chosen.textContent } : null;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var select = pickerSelect(event.detail.target);
    if (!select || !select.keptChoice) { return; }
    var kept = select.keptChoice;
    select.keptChoice = null;
    var same = Array.prototype.find.call(select.options, function (option) { return option.value === kept.value; });
    if (!same) {
      same = new Option(kept.label, kept.value);
      var first = select.options[0];
      select.insertBefore(same, first && first.value === "" ? first.nextSibling : first);
    }
    same.selected = true;
  });

  // Tree: toggle aria-expanded on the button; htmx loads children once.
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".tree .toggle");
    if (!button) { return; }
    var expanded = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", expanded ? "false" : "true");
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (target) { target.hidden = expanded; }
  });

  // A status shown as an icon on a phone (core.tables.compact_badge): a touch screen has no
  // hover to show its title, so a tap shows its words beside the icon, and a second tap hides them.
  document.addEventListener("click", function (event) {
    var label = event.target.closest(".compact-label");
    if (label) { label.classList.toggle("compact-label-open"); }
  });

  // Autosaved forms (<form data-autosave data-autosave-failed="message">, status in
  // #autosave-status): a failed save (server error, no connection) is said at once instead of
  // leaving the last "saved" status, and leaving the page with unsaved input asks first. The
  // whole form is posted on every save, so the next save that succeeds stores what was typed.
  var unsaved = false;
  var lastInput = 0;
  var sentAt = 0;
  function autosaveForm(elt) { return elt && elt.closest ? elt.closest("form[data-autosave]") : null; }
  document.addEventListener("input", function (event) {
    if (autosaveForm(event.target)) { unsaved = true; lastInput = Date.now(); }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (autosaveForm(event.detail.elt)) { sentAt = Date.now(); }
  });
  function autosaveFailed(event) {
    var form = autosaveForm(event.detail.elt);
    var status = document.getElementById("autosave-status");
    if (!form || !status) { return; }
    unsaved = true;
    var alert = document.createElement("div");
    alert.className = "alert alert-danger mb-1 py-2";
    alert.setAttribute("role", "alert");
    alert.setAttribute("data-state", "failed");
    alert.textContent = form.getAttribute("data-autosave-failed");
    status.replaceChildren(alert);
  }
  document.addEventListener("htmx:responseError", autosaveFailed);
  document.addEventListener("htmx:sendError", autosaveFailed);
  document.addEventListener("htmx:afterSwap", function (event) {
    if (!autosaveForm(event.detail.requestConfig && event.detail.requestConfig.elt)) { return; }
    // Saved unless something was typed after the request left, or the answer says a conflict,
    // a refusal or cells it could not store.
    unsaved = lastInput > sentAt || !!document.querySelector("#autosave-status [data-state=conflict], #autosave-status [data-state=refused], #autosave-status [data-state=errors]");
  });
  document.addEventListener("submit", function (event) { if (autosaveForm(event.target)) { unsaved = false; } });
  window.addEventListener("beforeunload", function (event) {
    if (unsaved && document.querySelector("form[data-autosave]")) { event.preventDefault(); event.returnValue = ""; }
  });

  // Formsets: a button data-formset-add="PREFIX" appends a copy of <template id="PREFIX-empty-row">
  // to #PREFIX-rows, numbered after the rows already there (Django's __prefix__), up to MAX_NUM_FORMS.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-formset-add]");
    if (!button) { return; }
    var prefix = button.getAttribute("data-formset-add");
    var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
    var max = parseInt(document.getElementById("id_" + prefix + "-MAX_NUM_FORMS").value, 10);
    var template = document.getElementById(prefix + "-empty-row");
    var rows = document.getElementById(prefix + "-rows");
    var index = parseInt(total.value, 10);
    if (!template || !rows || index >= max) { return; }
    rows.insertAdjacentHTML("beforeend",
      template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__number__/g, String(index + 1)));
    total.value = String(index + 1);
    button.disabled = index + 1 >= max;
    var first = rows.lastElementChild && rows.lastElementChild.querySelector("select, input:not([type=hidden])");
    if (first) { first.focus(); }
  });
})();
