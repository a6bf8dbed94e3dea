// Autocomplete for the search box, following the WAI-ARIA combobox pattern.
// Without this script the search form still works: it is a plain GET form.
(function () {
    "use strict";
    var forms = document.querySelectorAll("form[data-suggest-url]");
    Array.prototype.forEach.call(forms, function (form, formIndex) {
        var input = form.querySelector("[data-suggest-input]");
        if (!input || !window.fetch) return;
        var listId = input.id + "-suggestions";
        var list = document.createElement("ul");
        var status = document.createElement("p");
        var options = [];
        var active = -1;
        var timer = null;
        var latest = 0;

        list.id = listId;
        list.className = "search-suggestions__list";
        list.setAttribute("role", "listbox");
        list.setAttribute("aria-label", "Suggestions");
        list.hidden = true;
        status.className = "visually-hidden";
        status.setAttribute("role", "status");
        input.parentNode.appendChild(list);
        input.parentNode.appendChild(status);
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-expanded", "false");
        input.setAttribute("aria-controls", listId);

        function close() {
            list.hidden = true;
            input.setAttribute("aria-expanded", "false");
            input.removeAttribute("aria-activedescendant");
            active = -1;
        }

        function highlight(index) {
            options.forEach(function (option, i) {
                option.setAttribute("aria-selected", i === index ? "true" : "false");
            });
            active = index;
            if (index >= 0) {
                input.setAttribute("aria-activedescendant", options[index].id);
            } else {
                input.removeAttribute("aria-activedescendant");
            }
        }

        function show(results) {
            list.textContent = "";
            options = results.map(function (result, i) {
                var option = document.createElement("li");
                option.id = listId + "-" + i;
                option.setAttribute("role", "option");
                option.setAttribute("aria-selected", "false");
                option.dataset.url = result.url;
                option.textContent = result.title;
                option.addEventListener("mousedown", function (event) {
                    event.preventDefault();
                    window.location.href = result.url;
                });
                list.appendChild(option);
                return option;
            });
            status.textContent = results.length ? results.length + " suggestions. Use the arrow keys to choose." : "";
            if (results.length) {
                list.hidden = false;
                input.setAttribute("aria-expanded", "true");
                highlight(-1);
            } else {
                close();
            }
        }

        function fetchSuggestions() {
            var query = input.value.trim();
            if (query.length < 2) { close(); return; }
            var ticket = ++latest;
            var url = form.dataset.suggestUrl + "?q=" + encodeURIComponent(query);
            fetch(url, { headers: { Accept: "application/json" } })
                .then(function (response) { return response.ok ? response.json() : { results: [] }; })
                .then(function (data) { if (ticket === latest) show(data.results || []); })
                .catch(close);
        }

        input.addEventListener("input", function () {
            clearTimeout(timer);
            timer = setTimeout(fetchSuggestions, 150);
        });
        input.addEventListener("keydown", function (event) {
            if (list.hidden) return;
            if (event.key === "ArrowDown") {
                event.preventDefault();
                highlight((active + 1) % options.length);
            } else if (event.key === "ArrowUp") {
                event.preventDefault();
                highlight(active <= 0 ? options.length - 1 : active - 1);
            } else if (event.key === "Enter" && active >= 0) {
                event.preventDefault();
                window.location.href = options[active].dataset.url;
            } else if (event.key === "Escape") {
                event.preventDefault();
                close();
            }
        });
        input.addEventListener("blur", close);
    });
})();
