// Progressive enhancement for comments: reply in place, remember details by consent,
// and move focus to status messages and error summaries. Everything works without it.
(() => {
  const KEY = "newsroom-commenter";
  const form = document.querySelector("[data-comment-form]");

  const focus = (element) => element && element.focus();
  focus(document.getElementById("comment-errors"));
  if (location.hash === "#comment-status") focus(document.getElementById("comment-status"));
  if (!form) return;

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
  const home = box.parentNode;
  const homeNext = box.nextSibling;
  const title = document.getElementById("reply-title");
  const cancel = form.querySelector("[data-cancel-reply]");
  const replyTo = form.elements.reply_to;
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

  // One submission only: a double click must not post twice.
  form.addEventListener("submit", () => {
    form.querySelector("button[type=submit]").disabled = true;
  });
})();
