// New updates on a live story without a reload: ask every N seconds while the tab is
// visible, offer the new ones behind a button, insert them only when it is clicked.
(() => {
  const poll = document.querySelector("[data-live-poll]");
  const list = document.querySelector("[data-live-updates]");
  if (!poll || !list) return;
  const url = poll.dataset.liveUrl;
  const interval = Math.max(1, Number(poll.dataset.liveInterval) || 30) * 1000;
  const button = poll.querySelector("[data-live-new]");
  const status = poll.querySelector("[data-live-status]");
  let etag = poll.dataset.liveEtag || null;
  let waiting = [];
  let timer = null;
  let ended = false;

  const shown = () => new Set([...document.querySelectorAll("[data-update-id]")].map((u) => u.dataset.updateId));

  function offer(updates) {
    waiting = updates;
    const count = updates.length;
    const words = count === 1 ? "1 new update" : `${count} new updates`;
    button.hidden = count === 0;
    button.textContent = count ? `Show ${words}` : "";
    status.textContent = count ? `${words}.` : "";
  }

  async function check() {
    if (ended) return;
    try {
      const response = await fetch(url, {
        headers: etag ? { "If-None-Match": etag } : {},
        cache: "no-store",
        credentials: "omit",
      });
      if (response.status !== 200) return;
      etag = response.headers.get("ETag") || etag;
      const fragment = new DOMParser().parseFromString(await response.text(), "text/html");
      const seen = shown();
      const items = [...fragment.querySelectorAll("li")].filter((item) => {
        const update = item.querySelector("[data-update-id]");
        return update && !seen.has(update.dataset.updateId);
      });
      offer(items);
      if (fragment.querySelector("[data-live-ended]")) stop(true);
    } catch {
      // Offline or a server hiccup: try again at the next interval.
    }
  }

  function start() {
    if (ended || timer || document.visibilityState !== "visible") return;
    timer = setInterval(check, interval);
  }

  function stop(forGood = false) {
    clearInterval(timer);
    timer = null;
    ended = ended || forGood;
  }

  button.addEventListener("click", () => {
    const items = waiting;
    offer([]);
    list.querySelector(".live-none")?.remove();
    const added = items.map((item) => document.importNode(item, true));
    list.prepend(...added);
    added[0]?.querySelector("[data-update-id]")?.focus({ preventScroll: false });
    status.textContent = items.length === 1 ? "1 update added." : `${items.length} updates added.`;
  });

  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      check();
      start();
    } else {
      stop();
    }
  });
  start();
})();

// Share one update: the device's share sheet, else copy its link; a plain link without script.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("[data-live-share]");
  if (!link || !(navigator.share || navigator.clipboard)) return;
  event.preventDefault();
  const url = new URL(link.getAttribute("href"), location.href).href;
  if (navigator.share) {
    navigator.share({ title: link.dataset.shareTitle, url }).catch(() => {});
    return;
  }
  try {
    await navigator.clipboard.writeText(url);
    link.firstChild.textContent = "Link copied";
  } catch {
    location.href = url;
  }
});
