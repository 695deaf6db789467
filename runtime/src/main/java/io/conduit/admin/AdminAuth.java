package io.conduit.admin;

import io.conduit.broker.auth.PasswordHash;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Editor and Admin API login, the shape of Node-RED's {@code adminAuth} (editor-api/lib/auth):
 * <pre>
 * admin_auth:
 *   type: credentials
 *   users:
 *     - {username: admin, password: "$7$210000$...", permissions: "*"}
 *     - {username: viewer, password: "$7$210000$...", permissions: read}
 *   default: {permissions: read}     # optional: what requests without a token may do
 *   sessionExpiryTime: 604800        # optional: token lifetime in seconds (Node-RED's default, 7 days)
 * </pre>
 * Rules:
 * <ul>
 *   <li>passwords are PBKDF2-SHA512 hashes in Mosquitto's {@code $7$} format ({@code conduit hash-pw},
 *       {@link PasswordHash}), checked on a worker thread. Node-RED's bcrypt hashes are refused with
 *       a message saying how to make one (departure: one slow-hash implementation in Conduit);</li>
 *   <li>permissions as Node-RED's {@code permissions.js}: {@code "*"} everything, {@code "read"} every
 *       {@code *.read}, a specific {@code "flows.write"}, or an array of those;</li>
 *   <li>a login gives a random 256-bit bearer token valid {@code sessionExpiryTime} seconds (kept in
 *       memory: a restart logs everyone out); revoking forgets it;</li>
 *   <li>more than 5 login attempts for one user name within 10 minutes are refused until the window
 *       has passed (Node-RED's rule); a successful login clears the count.</li>
 * </ul>
 */
public final class AdminAuth {
  public static final long DEFAULT_SESSION_EXPIRY_SECONDS = 604_800;
  static final int MAX_ATTEMPTS = 5;
  static final long ATTEMPT_WINDOW_MS = 600_000;
  private static final Pattern READ = Pattern.compile("^((.+)\\.)?read$");
  private static final Pattern WRITE = Pattern.compile("^((.+)\\.)?write$");
  private static final SecureRandom RANDOM = new SecureRandom();

  record User(String username, PasswordHash hash, Object permissions) {
  }

  /** A logged-in session: who, with which scope, until when (epoch millis). */
  public record Session(String username, Object scope, long expiresAt) {
  }

  /** Why a login was refused. */
  public enum LoginFailure { BAD_CREDENTIALS, TOO_MANY_ATTEMPTS }

  /** A login's outcome: a token and its lifetime, or a failure. */
  public record Login(String token, long expiresInSeconds, LoginFailure failure) {
  }

  private final Map<String, User> users;
  private final Object anonymousPermissions;
  private final long sessionExpirySeconds;
  private final Map<String, Session> sessions = new ConcurrentHashMap<>();
  private final Map<String, List<Long>> attempts = new ConcurrentHashMap<>();

  private AdminAuth(Map<String, User> users, Object anonymousPermissions, long sessionExpirySeconds) {
    this.users = users;
    this.anonymousPermissions = anonymousPermissions;
    this.sessionExpirySeconds = sessionExpirySeconds;
  }

  /**
   * Reads the {@code admin_auth} setting (an object, or the same as JSON text); null when it is absent.
   *
   * @throws IllegalArgumentException naming the user and field that are wrong (never a password hash)
   */
  public static AdminAuth fromSetting(Object value) {
    if (value == null) return null;
    JsonObject o;
    if (value instanceof JsonObject j) {
      o = j;
    } else if (value instanceof Map<?, ?> m) {
      @SuppressWarnings("unchecked") Map<String, Object> map = (Map<String, Object>) m;
      o = new JsonObject(map);
    } else {
      try {
        o = new JsonObject(value.toString());
      } catch (DecodeException e) {
        throw new IllegalArgumentException("setting admin_auth: not a JSON object (Node-RED's adminAuth shape)");
      }
    }
    String type = o.getString("type", "credentials");
    if (!type.equals("credentials")) throw new IllegalArgumentException("setting admin_auth: type must be \"credentials\", was \"" + type + "\"");
    Object list = o.getValue("users");
    if (!(list instanceof JsonArray arr) || arr.isEmpty()) throw new IllegalArgumentException("setting admin_auth: users must be a non-empty list");
    Map<String, User> users = new LinkedHashMap<>();
    for (int i = 0; i < arr.size(); i++) {
      if (!(arr.getValue(i) instanceof JsonObject u)) throw new IllegalArgumentException("setting admin_auth: users[" + i + "] is not an object");
      String name = u.getValue("username") instanceof String s ? s : null;
      if (name == null || name.isEmpty()) throw new IllegalArgumentException("setting admin_auth: users[" + i + "].username is missing");
      String where = "setting admin_auth: user '" + name + "'";
      if (users.containsKey(name)) throw new IllegalArgumentException(where + " appears twice");
      String pw = u.getValue("password") instanceof String s ? s : null;
      if (pw == null) throw new IllegalArgumentException(where + ": password (a $7$ hash from 'conduit hash-pw') is missing");
      if (pw.startsWith("$2")) {
        throw new IllegalArgumentException(where + ": bcrypt hashes (node-red admin hash-pw) are not read; make a hash with 'conduit hash-pw'");
      }
      PasswordHash hash;
      try {
        hash = PasswordHash.parse(pw);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + ": password: " + e.getMessage() + " (make one with 'conduit hash-pw')");
      }
      users.put(name, new User(name, hash, permissions(u.getValue("permissions"), where)));
    }
    Object anonymous = null;
    if (o.getValue("default") instanceof JsonObject d) anonymous = permissions(d.getValue("permissions"), "setting admin_auth: default");
    long expiry = o.getLong("sessionExpiryTime", DEFAULT_SESSION_EXPIRY_SECONDS);
    if (expiry < 1) throw new IllegalArgumentException("setting admin_auth: sessionExpiryTime must be >= 1 second");
    return new AdminAuth(users, anonymous, expiry);
  }

  private static Object permissions(Object p, String where) {
    if (p instanceof String s && !s.isEmpty()) return s;
    if (p instanceof JsonArray a && !a.isEmpty() && a.stream().allMatch(x -> x instanceof String)) {
      return List.copyOf(a.getList().stream().map(Object::toString).toList());
    }
    throw new IllegalArgumentException(where + ": permissions must be \"*\", \"read\", a permission like \"flows.write\", or a list of them");
  }

  /** Node-RED's {@code hasPermission(userScope, permission)}. */
  public static boolean hasPermission(Object scope, String permission) {
    if (permission.isEmpty()) return true;
    if (scope instanceof List<?> list) {
      for (Object s : list) if (hasPermission(s, permission)) return true;
      return false;
    }
    if (!(scope instanceof String s)) return false;
    if (s.equals("*") || s.equals(permission)) return true;
    if (s.equals("read") || s.equals("*.read")) return READ.matcher(permission).matches();
    if (s.equals("write") || s.equals("*.write")) return WRITE.matcher(permission).matches();
    return false;
  }

  /** The permissions of requests without a token, or null when they may do nothing. */
  public Object anonymousPermissions() {
    return anonymousPermissions;
  }

  /**
   * Checks a user name and password (the hash on a worker) and, when they match and the user has
   * {@code scope} (empty: the user's own permissions), opens a session.
   */
  public Future<Login> login(Vertx vertx, String username, String password, String scope) {
    long now = System.currentTimeMillis();
    if (tooManyAttempts(username, now)) return Future.succeededFuture(new Login(null, 0, LoginFailure.TOO_MANY_ATTEMPTS));
    User user = users.get(username);
    if (user == null || password == null) return Future.succeededFuture(new Login(null, 0, LoginFailure.BAD_CREDENTIALS));
    return vertx.executeBlocking(() -> user.hash().verify(password), false).map(ok -> {
      Object granted = scope == null || scope.isEmpty() ? user.permissions() : scope;
      if (!ok || !(scope == null || scope.isEmpty() || hasPermission(user.permissions(), scope))) {
        return new Login(null, 0, LoginFailure.BAD_CREDENTIALS);
      }
      attempts.remove(username);
      byte[] raw = new byte[32];
      RANDOM.nextBytes(raw);
      String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
      sessions.values().removeIf(s -> s.expiresAt() < now);
      sessions.put(token, new Session(username, granted, now + sessionExpirySeconds * 1000));
      return new Login(token, sessionExpirySeconds, null);
    });
  }

  private boolean tooManyAttempts(String username, long now) {
    List<Long> times = attempts.compute(username == null ? "" : username, (u, old) -> {
      List<Long> kept = new ArrayList<>();
      if (old != null) for (Long t : old) if (t + ATTEMPT_WINDOW_MS > now) kept.add(t);
      kept.add(now);
      return kept;
    });
    return times.size() > MAX_ATTEMPTS;
  }

  /** The live session of {@code token}, or null (unknown, revoked or expired). */
  public Session session(String token) {
    if (token == null) return null;
    Session s = sessions.get(token);
    if (s == null) return null;
    if (s.expiresAt() < System.currentTimeMillis()) {
      sessions.remove(token);
      return null;
    }
    return users.containsKey(s.username()) ? s : null;
  }

  /** Forgets {@code token}; true if it was a live session. */
  public boolean revoke(String token) {
    return token != null && sessions.remove(token) != null;
  }
}
