// Anneal's only script. Every page works without it; it adds small conveniences:
// - buttons with data-copy="ID" copy the text of element ID to the clipboard (they start hidden
//   and are shown only when copying is possible);
// - a submitted form's submit buttons are disabled, so a double click does not send it twice;
// - buttons with data-print (they start hidden) open the browser's print dialog.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  if (navigator.clipboard) {
    for (const button of document.querySelectorAll("button[data-copy]")) {
      const source = document.getElementById(button.dataset.copy);
      if (!source) continue;
      button.hidden = false;
      button.addEventListener("click", async () => {
        try {
          await navigator.clipboard.writeText(source.textContent.trim());
          button.textContent = "Copied";
        } catch {
          button.textContent = "Copy failed: select the text instead";
        }
      });
    }
  }

  if (typeof window.print === "function") {
    for (const button of document.querySelectorAll("button[data-print]")) {
      button.hidden = false;
      button.addEventListener("click", () => window.print());
    }
  }

  for (const form of document.querySelectorAll("form")) {
    form.addEventListener("submit", () => {
      // Let the browser collect the form first, then disable.
      setTimeout(() => {
        for (const b of form.querySelectorAll("button[type=submit]")) b.disabled = true;
      }, 0);
    });
  }
});

// Re-enable buttons when the page comes back from the back/forward cache.
window.addEventListener("pageshow", (event) => {
  if (event.persisted) {
    for (const b of document.querySelectorAll("button[type=submit]")) b.disabled = false;
  }
});
