/*
 * The form widgets that node editor files use, with Node-RED's jQuery API:
 *  - $(input).typedInput({default, types, typeField}): a type selector next to the value input;
 *    the input itself keeps the value, the typeField (a hidden input) keeps the type;
 *  - $(ol).editableList({addItem, removable, sortable, sortItems, removeItem, height, header}):
 *    items('items') gives each row's content element, whose .data('data') is the row's data;
 *  - RED.tabs.create({element, onchange}) with addTab({id,label}) and activateTab(id).
 */
(function ($) {
  const BUILTIN = {
    msg: { value: "msg", label: "msg." },
    flow: { value: "flow", label: "flow." },
    global: { value: "global", label: "global." },
    str: { value: "str", label: "a-z" },
    num: { value: "num", label: "0-9", validate: v => RED.utils.validateTypedProperty(v, "num") === true },
    bool: { value: "bool", label: "true/false", options: ["true", "false"] },
    json: { value: "json", label: "{}", validate: v => RED.utils.validateTypedProperty(v, "json") === true },
    bin: { value: "bin", label: "buffer" },
    re: { value: "re", label: ".*" },
    date: { value: "date", label: "timestamp", hasValue: false },
    jsonata: { value: "jsonata", label: "J: expression" },
    env: { value: "env", label: "env variable" },
    node: { value: "node", label: "node" },
    cred: { value: "cred", label: "credential" }
  };

  function TypedInput(input, opts) {
    this.input = $(input);
    this.opts = opts;
    this.typeField = opts.typeField ? $(opts.typeField) : null;
    this.container = $('<div class="red-ui-typedInput-container"></div>');
    this.select = $('<select class="red-ui-typedInput-type-select"></select>');
    this.optionSelect = $('<select class="red-ui-typedInput-option-select"></select>').hide();
    this.input.before(this.container);
    this.container.append(this.select, this.input, this.optionSelect);
    this.input.addClass("red-ui-typedInput-input");
    this.setTypes(opts.types || ["str"]);
    const initial = (this.typeField && this.typeField.val()) || opts.default || this.typeList[0].value;
    this.type(initial);
    this.select.on("change", () => this.type(this.select.val(), true));
    this.optionSelect.on("change", () => { this.input.val(this.optionSelect.val()); this.input.trigger("change"); });
    this.input.data("typedInput", this);
  }

  TypedInput.prototype = {
    setTypes(list) {
      this.typeList = list.map(t => typeof t === "string" ? (BUILTIN[t] || { value: t, label: t }) : t);
      this.select.empty();
      this.typeList.forEach(t => this.select.append($("<option>").val(t.value).text(t.label || t.value)));
    },
    typeDef(t) { return this.typeList.find(x => x.value === t); },
    type(t, fromUser) {
      if (t === undefined) return this.select.val();
      const def = this.typeDef(t) || this.typeList[0];
      this.select.val(def.value);
      if (this.typeField) this.typeField.val(def.value);
      const options = def.options;
      if (options) {
        this.optionSelect.empty();
        options.forEach(o => {
          const v = typeof o === "string" ? o : o.value;
          this.optionSelect.append($("<option>").val(v).text(typeof o === "string" ? o : (o.label || o.value)));
        });
        const current = this.input.val();
        const values = options.map(o => typeof o === "string" ? o : o.value);
        this.input.val(values.includes(current) ? current : values[0]);
        this.optionSelect.val(this.input.val()).show();
        this.input.hide();
      } else {
        this.optionSelect.hide();
        this.input.toggle(def.hasValue !== false);
        if (def.hasValue === false && fromUser) this.input.val("");
      }
      if (fromUser) this.input.trigger("change", [def.value, this.input.val()]);
      return def.value;
    },
    value(v) {
      if (v === undefined) return this.input.val();
      this.input.val(v);
      if (this.optionSelect.is(":visible")) this.optionSelect.val(v);
      return v;
    },
    types(list) { this.setTypes(list); this.type(this.select.val() || list[0]); },
    validate() {
      const def = this.typeDef(this.type());
      const ok = !def || !def.validate || def.validate(this.input.val());
      this.container.toggleClass("input-error", !ok);
      return !!ok;
    },
    width(w) { this.container.css("width", w); },
    show() { this.container.show(); },
    hide() { this.container.hide(); },
    disable() { this.select.prop("disabled", true); this.input.prop("disabled", true); },
    enable() { this.select.prop("disabled", false); this.input.prop("disabled", false); }
  };

  $.fn.typedInput = function (arg, ...rest) {
    if (typeof arg === "string") {
      const ti = this.first().data("typedInput");
      if (!ti) throw new Error("typedInput not initialised on #" + this.attr("id"));
      return ti[arg](...rest);
    }
    return this.each(function () { new TypedInput(this, arg || {}); });
  };

  function EditableList(list, opts) {
    this.list = $(list).addClass("red-ui-editableList-list");
    this.opts = opts;
    this.border = $('<div class="red-ui-editableList"><div class="red-ui-editableList-border"><div class="red-ui-editableList-container"></div></div></div>');
    this.list.before(this.border);
    if (opts.header) this.border.find(".red-ui-editableList-border").prepend($('<div class="red-ui-editableList-header">').append(opts.header));
    this.border.find(".red-ui-editableList-container").append(this.list);
    if (opts.height) this.border.find(".red-ui-editableList-container").css("max-height", opts.height === "auto" ? "none" : opts.height);
    if (opts.addButton !== false) {
      const label = typeof opts.addButton === "string" ? opts.addButton : "add";
      $('<button type="button" class="red-ui-button red-ui-editableList-addButton"></button>').text("+ " + label)
        .appendTo(this.border).on("click", e => { e.preventDefault(); this.addItem(opts.addItemData ? opts.addItemData() : {}); });
    }
    this.list.data("editableList", this);
  }

  EditableList.prototype = {
    addItem(data) {
      data = data || {};
      const li = $('<li class="red-ui-editableList-item"></li>').appendTo(this.list);
      if (this.opts.sortable) {
        $('<span class="red-ui-editableList-item-handle" title="drag to reorder">&#8801;</span>').appendTo(li)
          .on("mousedown", e => this.startSort(e, li));
      }
      const content = $('<div class="red-ui-editableList-item-content"></div>').appendTo(li).data("data", data);
      if (this.opts.removable) {
        $('<button type="button" class="red-ui-button red-ui-editableList-item-remove" title="remove">&times;</button>').appendTo(li)
          .on("click", e => { e.preventDefault(); li.remove(); if (this.opts.removeItem) this.opts.removeItem(data); });
      }
      this.opts.addItem(content, this.list.children().length - 1, data);
      return content;
    },
    startSort(e, li) {
      e.preventDefault();
      li.addClass("red-ui-editableList-item-dragging");
      const move = ev => {
        const prev = li.prev(), next = li.next();
        if (prev.length && ev.clientY < prev[0].getBoundingClientRect().top + prev.outerHeight() / 2) li.insertBefore(prev);
        else if (next.length && ev.clientY > next[0].getBoundingClientRect().top + next.outerHeight() / 2) li.insertAfter(next);
      };
      const up = () => {
        document.removeEventListener("mousemove", move);
        document.removeEventListener("mouseup", up);
        li.removeClass("red-ui-editableList-item-dragging");
        if (this.opts.sortItems) this.opts.sortItems(this.items());
      };
      document.addEventListener("mousemove", move);
      document.addEventListener("mouseup", up);
    },
    items() { return this.list.children("li").children(".red-ui-editableList-item-content"); },
    length() { return this.list.children("li").length; },
    empty() { this.list.empty(); },
    removeItem(data) {
      this.list.children("li").filter((i, li) => $(li).children(".red-ui-editableList-item-content").data("data") === data).remove();
    },
    height(h) { this.border.find(".red-ui-editableList-container").css("max-height", h); },
    width(w) { this.border.css("width", w); }
  };

  $.fn.editableList = function (arg, ...rest) {
    if (typeof arg === "string") {
      const el = this.first().data("editableList");
      if (!el) throw new Error("editableList not initialised on #" + this.attr("id"));
      return el[arg](...rest);
    }
    return this.each(function () { new EditableList(this, arg || {}); });
  };

  RED.tabs = {
    create(opts) {
      const ul = opts.element ? $(opts.element) : $("#" + opts.id);
      ul.addClass("red-ui-tabs");
      const tabs = {};
      const api = {
        addTab(tab) {
          tabs[tab.id] = tab;
          $('<li class="red-ui-tab"></li>').attr("data-tab", tab.id).text(tab.label || tab.id).appendTo(ul)
            .on("click", () => api.activateTab(tab.id));
          if (Object.keys(tabs).length === 1) api.activateTab(tab.id);
        },
        activateTab(id) {
          ul.children().removeClass("active");
          ul.children('[data-tab="' + id + '"]').addClass("active");
          if (opts.onchange) opts.onchange(tabs[id]);
        },
        count: () => Object.keys(tabs).length
      };
      return api;
    }
  };
})(jQuery);
