/* CKEditor's settings that need the page (CKEDITOR_CONFIGS names this file as customConfig).
   Image uploads are XHR requests: Django's CSRF check wants the form's token in a header. */
/* global CKEDITOR */
CKEDITOR.editorConfig = function (config) {
  const token = document.querySelector("input[name=csrfmiddlewaretoken]")
  if (token) {
    config.fileTools_requestHeaders = { "X-CSRFToken": token.value }
  }
}
