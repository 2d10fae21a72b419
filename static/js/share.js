// Progressive enhancement for the share links: "Copy link" and the native share sheet.
document.querySelectorAll("[data-share-url]").forEach((actions) => {
  const url = actions.dataset.shareUrl;
  const title = actions.dataset.shareTitle;
  const status = actions.querySelector(".share-status");
  const copy = actions.querySelector("[data-share-copy]");
  const native = actions.querySelector("[data-share-native]");

  if (navigator.clipboard) {
    copy.hidden = false;
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(url);
        status.textContent = "Link copied.";
      } catch {
        status.textContent = "Could not copy the link.";
      }
    });
  }
  if (navigator.share) {
    native.hidden = false;
    native.addEventListener("click", () => navigator.share({ title, url }).catch(() => {}));
  }
});
