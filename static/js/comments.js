// Progressive enhancement for comments: a character count near the limit, reply in place,
// remember details by consent, and move focus to status messages and error summaries.
// Everything works without it: the server checks the length and keeps the text.
(() => {
  const KEY = "newsroom-commenter";
  const focus = (element) => element && element.focus();
  focus(document.getElementById("comment-errors"));
  if (location.hash === "#comment-status") focus(document.getElementById("comment-status"));

  const form = document.querySelector("[data-comment-form]");
  if (!form) return;

  // Count down as the limit nears; say it again to screen readers only when the band changes.
  const text = form.elements.comment;
  const limit = Number(text && text.dataset.maxlength);
  if (limit) {
    const counter = document.createElement("p");
    counter.className = "comment-counter";
    counter.id = `${text.id}-counter`;
    counter.hidden = true;
    const shown = document.createElement("span");
    shown.setAttribute("aria-hidden", "true");
    const spoken = document.createElement("span");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    counter.append(shown, spoken);
    text.after(counter);
    const describedBy = text.getAttribute("aria-describedby");
    text.setAttribute("aria-describedby", [describedBy, counter.id].filter(Boolean).join(" "));

    const number = (n) => n.toLocaleString("en-GB");
    const plural = (n) => (n === 1 ? "character" : "characters");
    let band = null;
    const update = () => {
      const left = limit - text.value.length;
      const over = left < 0;
      const message = over
        ? `${number(-left)} ${plural(-left)} over the limit of ${number(limit)}: please shorten your comment.`
        : `${number(left)} ${plural(left)} left.`;
      counter.hidden = left > limit * 0.2;
      counter.classList.toggle("is-over", over);
      shown.textContent = message;
      text.setCustomValidity(over ? message : "");
      const now = over ? "over" : left <= limit * 0.05 ? "near" : counter.hidden ? null : "nearing";
      if (now !== band) {
        band = now;
        spoken.textContent = now ? message : "";
      }
    };
    text.addEventListener("input", update);
    // After the server refused an over-long comment, its message says it: count from the next key.
    if (!text.closest(".has-error")) update();
  }

  const fields = ["name", "email", "url"].map((name) => form.elements[name]);
  const remember = form.elements.remember;
  const rememberRow = form.querySelector("[data-remember]");
  if (remember && rememberRow && window.localStorage) {
    rememberRow.hidden = false;
    let saved = null;
    try {
      saved = JSON.parse(localStorage.getItem(KEY));
    } catch {
      saved = null;
    }
    if (saved) {
      remember.checked = true;
      fields.forEach((field) => {
        if (field && !field.value && saved[field.name]) field.value = saved[field.name];
      });
    }
    form.addEventListener("submit", () => {
      if (remember.checked) {
        const details = {};
        fields.forEach((field) => field && (details[field.name] = field.value));
        localStorage.setItem(KEY, JSON.stringify(details));
      } else {
        localStorage.removeItem(KEY);
      }
    });
  }

  // Reply in place: move the form under the comment and set its parent.
  const box = document.getElementById("comment-form");
  const replyTo = form.elements.reply_to;
  if (box && replyTo) {
    const home = box.parentNode;
    const homeNext = box.nextSibling;
    const title = document.getElementById("reply-title");
    const cancel = form.querySelector("[data-cancel-reply]");
    document.querySelectorAll("[data-reply-to]").forEach((link) => {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        link.closest(".comment-body").after(box);
        replyTo.value = link.dataset.replyTo;
        title.textContent = `Reply to ${link.dataset.replyName}`;
        cancel.hidden = false;
        form.elements.comment.focus();
      });
    });
    cancel.addEventListener("click", () => {
      home.insertBefore(box, homeNext);
      replyTo.value = "0";
      title.textContent = title.dataset.defaultTitle;
      cancel.hidden = true;
    });
  }

  // One submission only: a double click must not post twice.
  form.addEventListener("submit", () => {
    form.querySelectorAll("button[type=submit]").forEach((button) => {
      button.disabled = true;
    });
  });
})();
