package io.conduit.broker.auth;

import io.conduit.broker.ListenerOptions;
import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.security.auth.x500.X500Principal;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;

/**
 * Decides whether a CONNECT may log in, and with which user name and topic rights. Rules (Mosquitto
 * 2's, with the departures marked):
 * <ul>
 *   <li>on a TLS listener with {@code use_identity_as_username}: the client certificate's CN is the
 *       user name and no password is checked; no certificate (or no CN) → bad user name or password;</li>
 *   <li>otherwise, a user name with a password and a {@code password_file}: the password must match
 *       the user's hash (checked on a worker, never the event loop); an unknown user is checked
 *       against a dummy hash so that both take the same time; a mismatch → bad user name or
 *       password (0x86 / 3.1.1 0x04; Mosquitto 2.0 answers 0x87 / 0x05 here: departure, so that
 *       clients tell the user what is wrong);</li>
 *   <li>no user name, or one that cannot be verified because there is no password file: anonymous
 *       (departure: Mosquitto would use an unverified user name for the ACL; Conduit gives such a
 *       client the anonymous rules) → allowed only with {@code allow_anonymous}, else not authorized
 *       (0x87 / 0x05);</li>
 *   <li>the default of {@code allow_anonymous} and the refusal to start open on the network are
 *       described in {@link AuthOptions}.</li>
 * </ul>
 * vertx-mqtt hands over a user name only together with a password; a CONNECT with a user name and
 * no password is therefore anonymous here (Mosquitto refuses it when a password file is set).
 */
public final class Authenticator {
  private static final Logger log = LoggerFactory.getLogger(Authenticator.class);

  /** Why a CONNECT is refused; the broker maps it to the CONNACK code of the client's version. */
  public enum Refusal {
    /** 0x86 (v5) / 0x04 (3.1.1). */
    BAD_USER_NAME_OR_PASSWORD,
    /** 0x87 (v5) / 0x05 (3.1.1). */
    NOT_AUTHORIZED
  }

  /** The outcome of a CONNECT: a user name (null: anonymous), or a refusal. */
  public record Login(String username, Refusal refusal) {
    public boolean accepted() {
      return refusal == null;
    }
  }

  private final PasswordFile passwords;
  private final AclRules acl;
  private final boolean allowAnonymous;
  private final boolean identityAsUsername;
  private final PasswordHash dummy;

  private Authenticator(PasswordFile passwords, AclRules acl, boolean allowAnonymous, boolean identityAsUsername) {
    this.passwords = passwords;
    this.acl = acl;
    this.allowAnonymous = allowAnonymous;
    this.identityAsUsername = identityAsUsername;
    if (passwords != null) {
      int iterations = passwords.users().stream().map(passwords::hash).mapToInt(PasswordHash::iterations)
        .filter(i -> i > 0).findFirst().orElse(PasswordHash.DEFAULT_ITERATIONS);
      byte[] random = new byte[16];
      new SecureRandom().nextBytes(random);
      this.dummy = PasswordHash.create(Base64.getEncoder().encodeToString(random), iterations);
    } else {
      this.dummy = null;
    }
  }

  /** Everyone may connect and do anything (no files, anonymous allowed). */
  public static Authenticator open() {
    return new Authenticator(null, null, true, false);
  }

  /**
   * Reads the password and ACL files and applies the safe default. Blocking (file I/O, a dummy
   * hash, name resolution of {@code bind}): call it off the event loop.
   *
   * @throws IOException           when a file cannot be read or has an invalid line (named)
   * @throws IllegalStateException when the broker would be open to the network by default
   */
  public static Authenticator load(String bind, AuthOptions auth, ListenerOptions listeners) throws IOException {
    PasswordFile passwords = auth.getPasswordFile() == null ? null : PasswordFile.read(Path.of(auth.getPasswordFile()));
    AclRules acl = auth.getAclFile() == null ? null : AclRules.read(Path.of(auth.getAclFile()));
    boolean identity = listeners.isUseIdentityAsUsername();
    boolean canLogIn = passwords != null || identity;
    boolean loopback = isLoopback(bind);
    Boolean explicit = auth.getAllowAnonymous();
    if (explicit == null && !loopback && !canLogIn) {
      throw new IllegalStateException("the MQTT listeners bind to " + bind + ", which is not a loopback address, and no "
        + "password_file is set: anyone who can reach this machine could connect. Set password_file (create one with "
        + "'conduit passwd -c FILE USER'), or set allow_anonymous true to accept anonymous clients on purpose.");
    }
    boolean allowAnonymous = explicit != null ? explicit : loopback && !canLogIn;
    if (!allowAnonymous && !canLogIn) {
      log.warn("allow_anonymous is false and there is no password_file or use_identity_as_username: no MQTT client can connect");
    }
    if (acl != null && acl.hasUserSections() && !canLogIn) {
      log.warn("acl_file {} has user sections but user names cannot be verified (no password_file): "
        + "clients get the anonymous rules", auth.getAclFile());
    }
    log.info("MQTT login: {}{}, anonymous clients {}", passwords == null ? "no password file"
        : "password file " + auth.getPasswordFile() + " (" + passwords.users().size() + " users)",
      acl == null ? ", no ACL" : ", ACL file " + auth.getAclFile(), allowAnonymous ? "allowed" : "refused");
    return new Authenticator(passwords, acl, allowAnonymous, identity);
  }

  /** Whether {@code bind} is a loopback address (an unresolvable name is not). Blocking: may resolve a host name. */
  public static boolean isLoopback(String bind) {
    try {
      return InetAddress.getByName(bind).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /** True when every CONNECT is accepted as anonymous with no ACL: the broker may skip {@link #login}. */
  public boolean isOpen() {
    return passwords == null && acl == null && allowAnonymous && !identityAsUsername;
  }

  public boolean hasAcl() {
    return acl != null;
  }

  /**
   * Checks one CONNECT. The Future completes on the caller's context.
   *
   * @param hashing     the worker pool password hashes are checked on
   * @param username    the CONNECT's user name (null: none), {@code password} likewise
   * @param certificateIdentity the CN of a verified client certificate ({@link #commonName}), else null
   * @param tls         whether the connection came in over TLS (TLS or WSS listener)
   */
  public Future<Login> login(WorkerExecutor hashing, String username, String password,
                             String certificateIdentity, boolean tls) {
    if (tls && identityAsUsername) {
      if (certificateIdentity == null) return Future.succeededFuture(refused(Refusal.BAD_USER_NAME_OR_PASSWORD));
      return Future.succeededFuture(new Login(certificateIdentity, null));
    }
    if (username != null && password != null && passwords != null) {
      PasswordHash hash = passwords.hash(username);
      PasswordHash checked = hash != null ? hash : dummy;
      return hashing.executeBlocking(() -> checked.verify(password) && hash != null, false)
        .map(ok -> ok ? new Login(username, null) : refused(Refusal.BAD_USER_NAME_OR_PASSWORD));
    }
    return Future.succeededFuture(allowAnonymous ? new Login(null, null) : refused(Refusal.NOT_AUTHORIZED));
  }

  /** The rights of a client (null: no ACL, everything allowed). */
  public TopicAccess access(String username, String clientId) {
    return acl == null ? null : acl.forClient(username, clientId);
  }

  private static Login refused(Refusal why) {
    return new Login(null, why);
  }

  /**
   * The common name (CN) of the client certificate of a TLS session, as Mosquitto's
   * {@code use_identity_as_username} takes it (the first CN of the subject); null when the client
   * sent no certificate or its subject has no CN.
   */
  public static String commonName(SSLSession session) {
    if (session == null) return null;
    try {
      Certificate[] chain = session.getPeerCertificates();
      if (chain.length == 0 || !(chain[0] instanceof X509Certificate cert)) return null;
      // getRdns() lists the RDNs in the certificate's (ASN.1) order
      for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          String cn = rdn.getValue().toString();
          return cn.isEmpty() || cn.indexOf('\u0000') >= 0 ? null : cn;
        }
      }
      return null;
    } catch (SSLPeerUnverifiedException | InvalidNameException e) {
      return null;
    }
  }
}
