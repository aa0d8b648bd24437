// "Copy page as Markdown" (pipeline/docsite/llms.py adds the button beside the page title).
// Without JavaScript the button is a link to the page's Markdown copy (index.html.md); here it
// fetches that file from this site and puts it on the clipboard, then says so: the button's
// label changes for a few seconds and a status line announces it to screen readers. If the
// copy fails (no clipboard access, or file:// in the offline edition), the link opens instead.
// The status line is in the page already (llms.copy_status): the script inserts nothing.
(function () {
  "use strict";
  var button = document.querySelector("[data-egv-copy-md]");
  var status = document.querySelector(".egv-copy-md__status");
  if (!button || !status || !navigator.clipboard || !window.fetch) return;
  var label = button.getAttribute("aria-label");
  button.setAttribute("role", "button");
  var timer = 0;

  function copy(event) {
    event.preventDefault();
    fetch(button.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.text();
      })
      .then(function (text) {
        return navigator.clipboard.writeText(text);
      })
      .then(function () {
        var done = button.getAttribute("data-copied");
        button.setAttribute("aria-label", done);
        button.title = done;
        button.classList.add("egv-copy-md--done");
        status.textContent = done;
        clearTimeout(timer);
        timer = setTimeout(function () {
          button.setAttribute("aria-label", label);
          button.title = label;
          button.classList.remove("egv-copy-md--done");
          status.textContent = "";
        }, 4000);
      })
      .catch(function () {
        window.location.href = button.href;
      });
  }

  button.addEventListener("click", copy);
  // A link answers Enter only; as a button it answers Space too.
  button.addEventListener("keydown", function (event) {
    if (event.key === " ") copy(event);
  });
})();
