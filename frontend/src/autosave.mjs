// Save an agency's return as it is typed. Progressive enhancement: without this script the
// "Save draft" button does the same job. Loaded only by the request page
// (reviews/jinja2/reviews/requests/request.html), as a module from 'self' (no inline script).
//
// About 20 seconds after a change the form is posted to its data-autosave-url with the CSRF
// token the form already carries. The server answers {"saved_at", "saved_at_text", "version"};
// the hidden version field follows, so the next save is checked against it. A 409 means the
// return was saved elsewhere (another tab, another person): saving stops and the message says
// what changed, so nothing of theirs is overwritten.

const DELAY_MS = 20000; // a page (or a test) may set data-autosave-delay, in milliseconds

function startAutosave(form) {
  const url = form.dataset.autosaveUrl;
  const status = document.getElementById(form.dataset.autosaveStatus);
  const version = form.querySelector('input[name="version"]');
  const token = form.querySelector('input[name="csrfmiddlewaretoken"]');
  if (!url || !status || !version || !token) return;

  let dirty = false;
  let stopped = false;
  let timer = null;
  let saving = null;

  const show = (text, isError = false) => {
    status.textContent = text;
    status.classList.toggle("govuk-error-message", isError);
  };

  const body = () => new URLSearchParams(new FormData(form));

  async function post() {
    dirty = false;
    try {
      const response = await fetch(url, {
        method: "POST",
        body: body(),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token.value },
      });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) {
        version.value = String(answer.version);
        show(`Draft saved at ${answer.saved_at_text}`);
        return true;
      }
      if (response.status === 409) {
        stopped = true;
        show(answer.message || "This return was saved elsewhere. Reload the page.", true);
        return false;
      }
      dirty = true;
      show(answer.message || "Your draft could not be saved. Use the Save draft button.", true);
    } catch {
      dirty = true;
      show("Your draft could not be saved just now. It will be tried again.", true);
    }
    return false;
  }

  function save() {
    if (stopped || !dirty) return Promise.resolve(!stopped);
    if (!saving) saving = post().finally(() => { saving = null; });
    return saving;
  }

  function schedule() {
    if (timer !== null || stopped) return;
    const delay = Number(form.dataset.autosaveDelay) || DELAY_MS;
    timer = window.setTimeout(async () => {
      timer = null;
      await save();
      if (dirty) schedule();
    }, delay);
  }

  form.addEventListener("input", () => {
    dirty = true;
    schedule();
  });

  // A save in flight changes the version: let it finish before the form itself is sent.
  form.addEventListener("submit", async (event) => {
    if (!saving) {
      dirty = false; // the form carries the words itself
      return;
    }
    event.preventDefault();
    await saving;
    form.requestSubmit(event.submitter);
  });

  // Before another form on the page (a chronology entry, a document) reloads it, keep the words.
  for (const other of document.querySelectorAll("form")) {
    if (other === form) continue;
    other.addEventListener("submit", async (event) => {
      if (stopped || (!dirty && !saving)) return;
      event.preventDefault();
      if (await save()) other.requestSubmit(event.submitter);
    });
  }

  // Leaving the page: send what is unsaved, and let the browser warn if that may not be enough.
  window.addEventListener("pagehide", () => {
    if (dirty && !stopped) {
      fetch(url, {
        method: "POST",
        body: body(),
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": token.value },
        keepalive: true,
      });
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty && !stopped) event.preventDefault();
  });
}

for (const form of document.querySelectorAll("form[data-autosave-url]")) {
  startAutosave(form);
}
