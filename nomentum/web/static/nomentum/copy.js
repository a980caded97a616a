// Copy buttons for invite links: progressive enhancement. Without JavaScript
// the button stays hidden and the link sits in a read-only field to select.
for (const button of document.querySelectorAll("button[data-copy]")) {
  const field = document.getElementById(button.dataset.copy);
  if (!field) continue;
  const label = button.textContent;
  button.hidden = false;
  field.addEventListener("focus", () => field.select());
  button.addEventListener("click", async () => {
    try {
      // The Clipboard API needs a secure context; fall back to the old command.
      if (navigator.clipboard && window.isSecureContext) {
        await navigator.clipboard.writeText(field.value);
      } else {
        field.select();
        if (!document.execCommand("copy")) throw new Error("copy refused");
      }
      button.textContent = "Copied";
    } catch {
      field.select();
      button.textContent = "Select and copy";
    }
    setTimeout(() => { button.textContent = label; }, 2000);
  });
}
