/*
 * RED.dialogs: modal dialogs (import, export, search, tab edit, confirmations). One dialog at a
 * time is on top; Escape closes the top one; keyboard shortcuts of the workspace are off while
 * any dialog or the edit tray is open (RED.dialogs.isOpen()).
 */
RED.dialogs = (function () {
  const stack = [];

  /**
   * opts: {id, title, content (jQuery or html), width, buttons: [{id, text, primary, cls, click(close)}],
   * onclose}. Returns {close, element}.
   */
  function open(opts) {
    const overlay = $('<div class="red-ui-dialog-overlay"></div>').appendTo("body");
    const dlg = $('<div class="red-ui-dialog" role="dialog"></div>').attr("id", opts.id || null)
      .css("width", opts.width || 600).appendTo(overlay);
    $('<div class="red-ui-dialog-title"></div>').text(opts.title || "").appendTo(dlg);
    const body = $('<div class="red-ui-dialog-body"></div>').append(opts.content).appendTo(dlg);
    const footer = $('<div class="red-ui-dialog-footer"></div>').appendTo(dlg);
    const handle = { element: dlg, body, close };
    (opts.buttons || []).forEach(b => {
      $('<button type="button" class="red-ui-button"></button>').text(b.text).attr("id", b.id || null)
        .addClass(b.primary ? "primary" : "").addClass(b.cls || "")
        .on("click", e => { e.preventDefault(); b.click(close, handle); }).appendTo(footer);
    });
    stack.push(handle);
    function close() {
      const i = stack.indexOf(handle);
      if (i < 0) return;
      stack.splice(i, 1);
      overlay.remove();
      if (opts.onclose) opts.onclose();
    }
    setTimeout(() => body.find("input:visible,textarea:visible").first().trigger("focus"), 0);
    return handle;
  }

  function confirm(title, text, okLabel) {
    return new Promise(resolve => {
      open({
        id: "red-ui-confirm-dialog", title, width: 450, content: $("<p></p>").text(text),
        onclose: () => resolve(false),
        buttons: [
          { text: "Cancel", click: close => close() },
          { id: "red-ui-confirm-ok", text: okLabel || "OK", primary: true, click: close => { resolve(true); close(); } }
        ]
      });
    });
  }

  document.addEventListener("keydown", e => {
    if (e.key === "Escape" && stack.length) { e.preventDefault(); stack[stack.length - 1].close(); }
  });

  return { open, confirm, isOpen: () => stack.length > 0 || $(".red-ui-tray").length > 0 };
})();
