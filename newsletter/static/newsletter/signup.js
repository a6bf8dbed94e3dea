/* Newsletter signup without a page load; without JavaScript the form posts normally. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-newsletter-form]").forEach(function (form) {
    if (form.dataset.enhanced) return;
    form.dataset.enhanced = "1";
    var input = form.querySelector("input[name=email]");
    var error = form.querySelector(".newsletter__error");
    var status = form.querySelector(".newsletter__status");
    var button = form.querySelector("button[type=submit]");

    function showError(text) {
      error.textContent = text;
      error.hidden = !text;
      if (text) {
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", error.id);
      } else {
        input.removeAttribute("aria-invalid");
        input.removeAttribute("aria-describedby");
      }
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      status.textContent = "";
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        headers: { "X-Requested-With": "fetch", Accept: "application/json" },
        credentials: "same-origin"
      }).then(function (response) {
        if ((response.headers.get("Content-Type") || "").indexOf("json") < 0) throw new Error();
        return response.json();
      }).then(function (data) {
        var message = ((data.errors || {}).email || []).join(" ");
        button.disabled = false;
        if (data.ok) {
          showError("");
          input.value = "";
          status.textContent = data.message;
        } else if (message) {
          showError(message);
          input.focus();
        } else if (data.message) {
          // The site could not take it just now (a 503 saying to try again): nothing was stored.
          showError("");
          status.textContent = data.message;
        } else {
          throw new Error();
        }
      }).catch(function () {
        // Offline, refused, an unexpected answer…: let the browser post the form itself.
        form.submit();
      });
    });
  });
})();
