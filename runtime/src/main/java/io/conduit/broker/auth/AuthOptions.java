package io.conduit.broker.auth;

import io.conduit.launch.SettingReader;
import io.vertx.core.json.JsonObject;

import java.util.Set;

/**
 * Who may connect to the broker and what they may do, with Mosquitto's setting names:
 * {@code password_file} (mosquitto_passwd format, see {@link PasswordFile}), {@code acl_file}
 * (Mosquitto's ACL format, see {@link AclRules}) and {@code allow_anonymous}.
 * <p>
 * {@code allow_anonymous} left unset means: anonymous clients are allowed when the broker listens on
 * a loopback address only and no password file or certificate identity is configured; otherwise they
 * are refused. A broker on any other address with no way to log in refuses to start unless
 * {@code allow_anonymous true} is given explicitly (see {@link Authenticator#load}).
 */
public final class AuthOptions {
  public static final Set<String> KEYS = Set.of("password_file", "acl_file", "allow_anonymous");

  private String passwordFile;
  private String aclFile;
  private Boolean allowAnonymous;

  public AuthOptions() {
  }

  public AuthOptions(AuthOptions other) {
    this.passwordFile = other.passwordFile;
    this.aclFile = other.aclFile;
    this.allowAnonymous = other.allowAnonymous;
  }

  public static AuthOptions fromSettings(JsonObject settings) {
    SettingReader r = new SettingReader(settings);
    AuthOptions o = new AuthOptions()
      .setPasswordFile(r.string("password_file", null))
      .setAclFile(r.string("acl_file", null));
    if (r.has("allow_anonymous")) o.setAllowAnonymous(r.bool("allow_anonymous", false));
    return o;
  }

  /** The password file's path, or null for none. */
  public String getPasswordFile() { return passwordFile; }

  public AuthOptions setPasswordFile(String passwordFile) {
    this.passwordFile = blankToNull(passwordFile, "password_file");
    return this;
  }

  /** The ACL file's path, or null: every client may publish and subscribe to everything. */
  public String getAclFile() { return aclFile; }

  public AuthOptions setAclFile(String aclFile) {
    this.aclFile = blankToNull(aclFile, "acl_file");
    return this;
  }

  /** Explicit {@code allow_anonymous}, or null for the default described on the class. */
  public Boolean getAllowAnonymous() { return allowAnonymous; }

  public AuthOptions setAllowAnonymous(Boolean allowAnonymous) {
    this.allowAnonymous = allowAnonymous;
    return this;
  }

  private static String blankToNull(String value, String key) {
    if (value == null) return null;
    if (value.isBlank()) throw new IllegalArgumentException(key + " must not be empty");
    return value;
  }
}
