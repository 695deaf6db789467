/*
 * RED.auth: the editor's login, as Node-RED's adminAuth. At start-up `ensure()` asks for the
 * settings; a 401 means a login is needed: GET auth/login tells the scheme and a dialog asks for user
 * name and password (ids as Node-RED's: #node-dialog-login-username, -password, -submit), which are
 * exchanged for a token (POST auth/token, client node-red-editor, grant password). The token is
 * kept in localStorage ("auth-tokens") and sent with every same-origin fetch and jQuery request as
 * `Authorization: Bearer`; the comms socket sends it as its first message. Without adminAuth
 * nothing of this shows.
 */
RED.auth = (function () {
  const KEY = "auth-tokens";
  let token = null;
  try { token = (JSON.parse(localStorage.getItem(KEY) || "null") || {}).access_token || null; } catch (e) { token = null; }

  const nativeFetch = window.fetch.bind(window);
  function sameOrigin(input) {
    const url = new URL(typeof input === "string" ? input : input.url, location.href);
    return url.origin === location.origin;
  }
  window.fetch = function (input, init) {
    if (!token || !sameOrigin(input)) return nativeFetch(input, init);
    const options = Object.assign({}, init || {});
    const headers = new Headers(options.headers || {});
    if (!headers.has("Authorization")) headers.set("Authorization", "Bearer " + token);
    options.headers = headers;
    return nativeFetch(input, options);
  };
  $.ajaxPrefilter((options, original, xhr) => {
    if (token && !options.crossDomain) xhr.setRequestHeader("Authorization", "Bearer " + token);
  });

  function dialog() {
    return new Promise(resolve => {
      const overlay = $('<div class="red-ui-dialog-overlay" id="node-dialog-login"></div>');
      const box = $('<form class="red-ui-dialog" style="min-width:320px"></form>').appendTo(overlay);
      $('<div class="red-ui-dialog-title">Log in to Conduit</div>').appendTo(box);
      const body = $('<div class="red-ui-dialog-body" id="node-dialog-login-fields"></div>').appendTo(box);
      const user = $('<input type="text" id="node-dialog-login-username" autocomplete="username" style="width:100%">');
      const pass = $('<input type="password" id="node-dialog-login-password" autocomplete="current-password" style="width:100%">');
      $('<div class="form-row"><label for="node-dialog-login-username">Username</label></div>').append(user).appendTo(body);
      $('<div class="form-row"><label for="node-dialog-login-password">Password</label></div>').append(pass).appendTo(body);
      const failed = $('<div id="node-dialog-login-failed" style="color:#c00;display:none">Login failed</div>').appendTo(body);
      const footer = $('<div class="red-ui-dialog-footer"></div>').appendTo(box);
      const submit = $('<button type="submit" class="red-ui-button primary" id="node-dialog-login-submit">Login</button>').appendTo(footer);
      box.on("submit", async e => {
        e.preventDefault();
        submit.prop("disabled", true);
        failed.hide();
        const form = new URLSearchParams({ client_id: "node-red-editor", grant_type: "password", scope: "",
          username: user.val(), password: pass.val() });
        const res = await nativeFetch("auth/token", { method: "POST", body: form });
        submit.prop("disabled", false);
        if (!res.ok) {
          failed.text(res.status === 429 ? "Too many login attempts: wait 10 minutes" : "Login failed").show();
          pass.val("").trigger("focus");
          return;
        }
        const tokens = await res.json();
        token = tokens.access_token;
        localStorage.setItem(KEY, JSON.stringify(tokens));
        overlay.remove();
        resolve();
      });
      overlay.appendTo(document.body);
      user.trigger("focus");
    });
  }

  /** Resolves once the Admin API answers this editor: at once without adminAuth, else after a login. */
  async function ensure() {
    const res = await window.fetch("settings");
    if (res.status !== 401) return;
    token = null;
    localStorage.removeItem(KEY);
    const scheme = await (await nativeFetch("auth/login")).json();
    if (scheme.type !== "credentials") throw new Error("unsupported login scheme " + JSON.stringify(scheme));
    await dialog();
  }

  /** Ends the session (POST auth/revoke) and shows the login again. */
  async function logout() {
    if (token) await window.fetch("auth/revoke", { method: "POST", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token }) });
    token = null;
    localStorage.removeItem(KEY);
    location.reload();
  }

  return { ensure, logout, token: () => token };
})();
