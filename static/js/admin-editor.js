/*
 * The editor's desk, in the admin only.
 *
 * 1. CKEditor uploads carry Django's CSRF token (the upload view requires it).
 * 2. The article form keeps a copy of unsaved edits in localStorage and offers to
 *    restore it after a crash, a closed tab or an expired session. A copy belongs to one
 *    article (the key) and to the saved version it was typed over: once the article is
 *    saved again, by anyone, it is never offered. The server lists the keys of forms it has
 *    just saved (#newsroom-saved-drafts), so a successful save never leaves a copy behind.
 */
;(() => {
  "use strict"

  function csrfToken() {
    const input = document.querySelector("input[name=csrfmiddlewaretoken]")
    return input ? input.value : ""
  }

  // --- 1. CSRF token on uploads -------------------------------------------
  function addTokenToUploadForm(dialog) {
    // The image dialog posts a form inside an iframe; add the token to it.
    const upload = dialog.getContentElement("Upload", "upload")
    if (!upload) return
    const form = upload.getInputElement().getParent()
    if (form.findOne && form.findOne("input[name=csrfmiddlewaretoken]")) return
    const field = form.getDocument().createElement("input")
    field.setAttribute("type", "hidden")
    field.setAttribute("name", "csrfmiddlewaretoken")
    field.setAttribute("value", csrfToken())
    form.append(field)
  }

  function watchCKEditor() {
    if (!window.CKEDITOR) {
      setTimeout(watchCKEditor, 100)
      return
    }
    CKEDITOR.on("dialogDefinition", (event) => {
      const definition = event.data.definition
      const uploadTab = definition.getContents && definition.getContents("Upload")
      if (!uploadTab) return
      const button = uploadTab.get("uploadButton")
      if (!button) return
      const onClick = button.onClick
      button.onClick = function (evt) {
        addTokenToUploadForm(this.getDialog())
        return onClick ? onClick.call(this, evt) : true
      }
    })
    CKEDITOR.on("instanceCreated", (event) => {
      // Drag-and-drop and pasted images go by XMLHttpRequest.
      event.editor.on("fileUploadRequest", (upload) => {
        upload.data.fileLoader.xhr.setRequestHeader("X-CSRFToken", csrfToken())
      })
      event.editor.on("change", scheduleSave)
    })
    CKEDITOR.on("instanceReady", (event) => {
      const pending = pendingEditorValues[event.editor.name]
      if (pending !== undefined) {
        event.editor.setData(pending)
        delete pendingEditorValues[event.editor.name]
      }
    })
  }

  // --- 2. Unsaved edits kept in this browser ----------------------------------
  const pendingEditorValues = {}
  // Hidden fields that describe this page, not what was typed: never kept, never restored.
  const NOT_KEPT = new Set(["csrfmiddlewaretoken", "loaded_version", "draft_key", "hero_upload"])
  let form = null
  let key = null
  let version = ""
  let timer = null

  function editorFor(name) {
    if (!window.CKEDITOR) return null
    const field = form.elements.namedItem(name)
    return field && field.id ? CKEDITOR.instances[field.id] || null : null
  }

  function snapshot() {
    const values = {}
    for (const field of form.elements) {
      if (!field.name || NOT_KEPT.has(field.name) || field.type === "file") continue
      if (field.type === "submit" || field.type === "button" || field.name.includes("__prefix__")) continue
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked) values[field.name] = (values[field.name] || []).concat(field.value)
        continue
      }
      if (field.multiple) {
        values[field.name] = Array.from(field.selectedOptions, (option) => option.value)
        continue
      }
      const editor = editorFor(field.name)
      values[field.name] = editor ? editor.getData() : field.value
    }
    return values
  }

  function save() {
    timer = null
    const values = snapshot()
    if (JSON.stringify(values) === form.dataset.newsroomLoaded) {
      localStorage.removeItem(key)
      return
    }
    try {
      localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), version, values }))
    } catch (error) {
      // Storage full or disabled: the form still works, only without the safety copy.
    }
  }

  function scheduleSave() {
    if (!form || !form.dataset.newsroomLoaded) return
    if (timer) clearTimeout(timer)
    timer = setTimeout(save, 500)
  }

  function addInlineRows(values) {
    for (const name of Object.keys(values)) {
      const match = name.match(/^(.*)-TOTAL_FORMS$/)
      if (!match) continue
      const prefix = match[1]
      const total = form.elements.namedItem(name)
      const addLink = document.querySelector(`#${prefix}-group .add-row a`)
      let guard = 50
      while (total && addLink && Number(total.value) < Number(values[name]) && guard--) {
        addLink.click()
      }
    }
  }

  function restore(values) {
    addInlineRows(values)
    for (const field of form.elements) {
      if (!field.name || !(field.name in values) || field.type === "file") continue
      if (NOT_KEPT.has(field.name) || field.name.endsWith("_FORMS")) continue
      const value = values[field.name]
      if (field.type === "checkbox" || field.type === "radio") {
        field.checked = [].concat(value).includes(field.value)
      } else if (field.multiple) {
        for (const option of field.options) option.selected = value.includes(option.value)
      } else if (field.type !== "submit" && field.type !== "button") {
        field.value = value
        const editor = editorFor(field.name)
        if (editor && editor.status === "ready") editor.setData(value)
        else if (field.id) pendingEditorValues[field.id] = value
      }
    }
  }

  function offerRestore(banner, saved) {
    banner.querySelector(".newsroom-draft-time").textContent = new Date(saved.savedAt).toLocaleString()
    banner.hidden = false
    banner.querySelector(".newsroom-draft-restore-button").addEventListener("click", () => {
      restore(saved.values)
      banner.hidden = true
      scheduleSave()
    })
    banner.querySelector(".newsroom-draft-discard-button").addEventListener("click", () => {
      localStorage.removeItem(key)
      banner.hidden = true
    })
  }

  function forgetSavedDrafts() {
    const list = document.getElementById("newsroom-saved-drafts")
    const saved = list ? JSON.parse(list.textContent) : []
    for (const savedKey of saved) localStorage.removeItem(savedKey)
  }

  function readCopy() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null")
    } catch (error) {
      return null
    }
  }

  function startDraftKeeping() {
    const banner = document.querySelector(".newsroom-draft-restore")
    form = banner && banner.closest("form")
    if (!form || !window.localStorage) return
    key = banner.dataset.draftKey
    version = banner.dataset.draftVersion || ""
    forgetSavedDrafts()
    const hasErrors = document.querySelector(".errornote") !== null
    // Wait until CKEditor has loaded the initial texts, so they compare equal.
    setTimeout(() => {
      form.dataset.newsroomLoaded = JSON.stringify(snapshot())
      const saved = readCopy()
      if (hasErrors) {
        save() // the form shows what was posted: keep that until it is saved
      } else if (!saved) {
        // nothing kept
      } else if (saved.version !== version) {
        localStorage.removeItem(key) // typed over a version that has since been saved
      } else if (JSON.stringify(saved.values) !== form.dataset.newsroomLoaded) {
        offerRestore(banner, saved)
      } else {
        localStorage.removeItem(key)
      }
    }, 1500)
    form.addEventListener("input", scheduleSave)
    form.addEventListener("change", scheduleSave)
    // Keep the very last keystrokes too: if the save fails (an expired session), they are here.
    form.addEventListener("submit", () => {
      if (form.dataset.newsroomLoaded) save()
    })
  }

  watchCKEditor()
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", startDraftKeeping)
  } else {
    startDraftKeeping()
  }
})()
