/*
 * RED.history: undo/redo (Ctrl+Z / Ctrl+Y) as whole-model snapshots. Every change to the model
 * calls RED.history.push() BEFORE it changes anything. A snapshot keeps the complete node set
 * plus each node's changed/moved flags, so undoing an edit brings its blue dot back too.
 * A new change clears the redo stack. Depth is capped at DEFAULT_DEPTH snapshots.
 */
RED.history = (function () {
  const DEFAULT_DEPTH = 100;
  let undoStack = [];
  let redoStack = [];

  function snapshot() {
    const flags = {};
    RED.nodes.all().forEach(n => { flags[n.id] = { changed: !!n.changed, moved: !!n.moved }; });
    return {
      flows: RED.nodes.createCompleteNodeSet(),
      flags,
      dirty: RED.nodes.dirty(),
      active: RED.workspaces.active()
    };
  }

  function restore(s) {
    const statuses = {};
    RED.nodes.all().forEach(n => { if (n.status) statuses[n.id] = n.status; });
    RED.nodes.clear();
    RED.nodes.importNodes(RED.utils.cloneValue(s.flows), { markChanged: false });
    RED.nodes.all().forEach(n => {
      Object.assign(n, s.flags[n.id] || { changed: true });
      if (statuses[n.id]) n.status = statuses[n.id];
    });
    RED.nodes.dirty(s.dirty);
    RED.workspaces.refresh(s.active);
    RED.view.select([]);
    RED.view.redraw();
  }

  return {
    push() {
      undoStack.push(snapshot());
      if (undoStack.length > DEFAULT_DEPTH) undoStack.shift();
      redoStack = [];
    },
    undo() {
      if (!undoStack.length) return false;
      redoStack.push(snapshot());
      restore(undoStack.pop());
      return true;
    },
    redo() {
      if (!redoStack.length) return false;
      undoStack.push(snapshot());
      restore(redoStack.pop());
      return true;
    },
    /** Drops the last snapshot: the change it guarded turned out to change nothing. */
    undoDiscard() { undoStack.pop(); },
    depth: () => undoStack.length,
    clear() { undoStack = []; redoStack = []; }
  };
})();
