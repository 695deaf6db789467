/*
 * RED.editor.createEditor: the code editor of the function node (and any editor file that asks
 * for one), on Monaco from the monaco-editor WebJar served at /webjars (no CDN). Monaco is
 * loaded once at start through its AMD loader with an absolute `vs` path; its language
 * workers start from a blob: URL that imports workerMain.js from this server. JavaScript gets
 * syntax errors marked (semantic checks off: function bodies use msg/node/context freely and
 * may `return` and `await` at top level, as in Node-RED). If Monaco cannot load, a plain
 * textarea with the same API is used and a warning is logged.
 */
(function () {
  const MONACO_VERSION = "0.52.2";
  const base = location.origin + "/webjars/monaco-editor/" + MONACO_VERSION + "/min/";
  let monacoReady = null;

  function loadMonaco() {
    if (monacoReady) return monacoReady;
    monacoReady = new Promise(resolve => {
      window.MonacoEnvironment = {
        getWorkerUrl() {
          // a blob: worker (the Admin server's CSP allows workers from 'self' and blob:)
          return URL.createObjectURL(new Blob([
            "self.MonacoEnvironment={baseUrl:'" + base + "'};importScripts('" + base + "vs/base/worker/workerMain.js');"],
            { type: "text/javascript" }));
        }
      };
      const script = document.createElement("script");
      script.src = base + "vs/loader.js";
      script.onerror = () => { console.warn("Monaco loader not found; code fields fall back to plain text areas"); resolve(null); };
      script.onload = () => {
        window.require.config({ paths: { vs: base + "vs" } });
        window.require(["vs/editor/editor.main"], () => {
          const js = monaco.languages.typescript.javascriptDefaults;
          // 1108: return outside a function; 1375/1378: top-level await. Both are fine in a function node.
          js.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: false, diagnosticCodesToIgnore: [1108, 1375, 1378] });
          js.setCompilerOptions({ target: monaco.languages.typescript.ScriptTarget.ES2020, allowNonTsExtensions: true, noLib: false });
          js.addExtraLib("declare var msg: any, node: any, context: any, flow: any, global: any, env: any, RED: any, util: any;", "conduit-function.d.ts");
          resolve(monaco);
        }, err => { console.warn("Monaco failed to load: " + err); resolve(null); });
      };
      document.head.appendChild(script);
    });
    return monacoReady;
  }

  function language(mode) {
    const m = String(mode || "javascript").replace(/^ace\/mode\//, "");
    if (/javascript/.test(m)) return "javascript";
    if (/json/.test(m)) return "json";
    if (/html/.test(m)) return "html";
    return "plaintext";
  }

  function textareaEditor(container, opts) {
    const ta = $('<textarea class="red-ui-code-fallback" spellcheck="false"></textarea>').val(opts.value || "").appendTo(container);
    return {
      getValue: () => ta.val(), setValue: v => ta.val(v), focus: () => ta.trigger("focus"),
      destroy: () => ta.remove(), resize() {}, errorCount: () => 0, monaco: null
    };
  }

  function createEditor(opts) {
    const container = $("#" + opts.id).addClass("red-ui-code-editor");
    if (!window.monaco) return textareaEditor(container, opts);
    const editor = monaco.editor.create(container[0], {
      value: opts.value || "",
      language: language(opts.mode),
      lineNumbers: "on",
      minimap: { enabled: false },
      automaticLayout: true,
      scrollBeyondLastLine: false,
      fontSize: 13,
      tabSize: 4,
      acceptSuggestionOnCommitCharacter: false,
      readOnly: !!opts.readOnly
    });
    const model = editor.getModel();
    return {
      getValue: () => editor.getValue(),
      setValue: v => editor.setValue(v),
      focus: () => editor.focus(),
      destroy() { editor.dispose(); model.dispose(); },
      resize() { editor.layout(); },
      /** Syntax errors currently marked in the editor (Node-RED's `noerr`). */
      errorCount: () => monaco.editor.getModelMarkers({ resource: model.uri })
        .filter(m => m.severity === monaco.MarkerSeverity.Error).length,
      monaco: editor
    };
  }

  RED.editor.createEditor = createEditor;
  RED.editor.loadCodeEditor = loadMonaco;
})();
