/*
 * RED.sidebar: the right-hand panel with its tabs (info, debug, broker), as in Node-RED.
 * The info tab shows the selected node (id, type, tab, problems) or the selected tab, and the
 * help of the node type (the type's `data-help-name` block), also when a palette node is
 * clicked or a node is being edited.
 */
RED.sidebar = (function () {
  const shown = [];

  function show(tab) {
    $("#red-ui-sidebar-tabs li").removeClass("active").filter('[data-tab="' + tab + '"]').addClass("active");
    $(".red-ui-sidebar-content").hide();
    $("#red-ui-sidebar-content-" + tab).show();
    RED.events.emit("sidebar:show", tab);
  }

  function helpHtml(type) {
    const h = $('script[data-help-name="' + type + '"]');
    return h.length ? h.html() : "<p>No help for this node type.</p>";
  }

  const info = {
    showHelp(type) {
      $("#red-ui-info-help").html('<h3 class="red-ui-help-title"></h3>' + helpHtml(type));
      $("#red-ui-info-help .red-ui-help-title").text(type);
    },
    showNode(node) {
      const box = $("#red-ui-info-node").empty();
      if (!node) {
        const ws = RED.nodes.workspace(RED.workspaces.active());
        if (ws) {
          box.append(table([["Flow", ws.label], ["Id", ws.id], ["Status", ws.disabled ? "disabled" : "enabled"]]));
          if (ws.info) box.append($('<div class="red-ui-info-description"></div>').text(ws.info));
        }
        $("#red-ui-info-help").empty();
        return;
      }
      const rows = [["Node", RED.utils.getNodeLabel(node)], ["Type", node.type], ["Id", node.id]];
      if (node.z) rows.push(["Flow", (RED.nodes.workspace(node.z) || {}).label || node.z]);
      if (!node.valid) rows.push(["Problems", (node.validationErrors || []).join("; ")]);
      box.append(table(rows));
      if (node.info) box.append($('<div class="red-ui-info-description"></div>').text(node.info));
      info.showHelp(node.type);
    }
  };

  function table(rows) {
    const t = $('<table class="red-ui-info-table"></table>');
    rows.forEach(([k, v]) => t.append($("<tr></tr>").append($("<td></td>").text(k), $("<td></td>").text(v))));
    return t;
  }

  return {
    init() {
      $("#red-ui-sidebar-tabs li").on("click", e => show(e.currentTarget.dataset.tab));
      RED.events.on("view:selection-changed", sel => info.showNode(sel.nodes.length === 1 ? sel.nodes[0] : null));
      show("info");
    },
    show, info,
    active: () => $("#red-ui-sidebar-tabs li.active").data("tab")
  };
})();
