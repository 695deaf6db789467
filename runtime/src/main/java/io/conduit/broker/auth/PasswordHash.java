package io.conduit.broker.auth;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

/**
 * One salted password hash in the format of Mosquitto's {@code mosquitto_passwd} (Mosquitto's
 * {@code src/password_mosq.c}, {@code apps/mosquitto_passwd}), so password files move both ways:
 * <ul>
 *   <li>{@code $7$<iterations>$<base64 salt>$<base64 hash>}: PBKDF2-HMAC-SHA512 over the password's
 *       UTF-8 bytes, 64-byte hash. Written by Conduit with a 12-byte random salt (Mosquitto 2.0
 *       reads only 12-byte salts) and {@link #DEFAULT_ITERATIONS} iterations (Mosquitto's own
 *       default is 101); any salt length and iteration count is read;</li>
 *   <li>{@code $6$<base64 salt>$<base64 hash>}: SHA-512(password ‖ salt), Mosquitto 1.x files; read only.</li>
 * </ul>
 * {@link #verify} is deliberately slow (that is the point of PBKDF2): call it off the event loop.
 * Hashes are compared in constant time.
 */
public final class PasswordHash {
  /** PBKDF2-HMAC-SHA512 iterations for new hashes (OWASP's 2023 recommendation for this PRF). */
  public static final int DEFAULT_ITERATIONS = 210_000;
  /** Salt length for new hashes: the only length Mosquitto 2.0 accepts. */
  public static final int SALT_BYTES = 12;
  static final int HASH_BYTES = 64;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int type;
  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int type, int iterations, byte[] salt, byte[] hash) {
    this.type = type;
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** A new {@code $7$} hash of {@code password} with a fresh random salt. */
  public static PasswordHash create(String password, int iterations) {
    if (iterations < 1) throw new IllegalArgumentException("iterations must be >= 1, was " + iterations);
    if (password.isEmpty()) throw new IllegalArgumentException("the password must not be empty");
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(7, iterations, salt, pbkdf2(password, salt, iterations));
  }

  /**
   * Reads {@code $7$...} or {@code $6$...}.
   *
   * @throws IllegalArgumentException saying what is wrong (never repeating the hash itself)
   */
  public static PasswordHash parse(String encoded) {
    String[] parts = encoded.strip().split("\\$", -1);
    // "$7$iter$salt$hash" splits into ["", "7", iter, salt, hash]
    if (parts.length < 4 || !parts[0].isEmpty()) throw new IllegalArgumentException("not a $6$ or $7$ password hash");
    switch (parts[1]) {
      case "7" -> {
        if (parts.length != 5) throw new IllegalArgumentException("a $7$ hash has 4 fields ($7$iterations$salt$hash)");
        int iterations;
        try {
          iterations = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("iteration count is not a number");
        }
        if (iterations < 1) throw new IllegalArgumentException("iteration count must be >= 1");
        return new PasswordHash(7, iterations, decode(parts[3], "salt"), checkHash(decode(parts[4], "hash")));
      }
      case "6" -> {
        if (parts.length != 4) throw new IllegalArgumentException("a $6$ hash has 3 fields ($6$salt$hash)");
        return new PasswordHash(6, 0, decode(parts[2], "salt"), checkHash(decode(parts[3], "hash")));
      }
      default -> throw new IllegalArgumentException("unknown hash type $" + parts[1] + "$ (Conduit reads $6$ and $7$)");
    }
  }

  private static byte[] decode(String base64, String what) {
    byte[] b;
    try {
      b = Base64.getDecoder().decode(base64);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the " + what + " is not valid base64");
    }
    if (b.length == 0) throw new IllegalArgumentException("the " + what + " is empty");
    return b;
  }

  private static byte[] checkHash(byte[] hash) {
    if (hash.length != HASH_BYTES) throw new IllegalArgumentException("the hash is " + hash.length + " bytes, not " + HASH_BYTES);
    return hash;
  }

  /** True when {@code password} is the one hashed. Slow by design: never on an event loop. */
  public boolean verify(String password) {
    if (password == null || password.isEmpty()) return false;
    byte[] computed = type == 7 ? pbkdf2(password, salt, iterations) : sha512(password, salt);
    return MessageDigest.isEqual(computed, hash);
  }

  /** The {@code $7$...} / {@code $6$...} text as it stands in a password file. */
  public String encoded() {
    Base64.Encoder b64 = Base64.getEncoder();
    return type == 7
      ? "$7$" + iterations + "$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash)
      : "$6$" + b64.encodeToString(salt) + "$" + b64.encodeToString(hash);
  }

  public int iterations() {
    return iterations;
  }

  @Override
  public String toString() {
    return "PasswordHash[$" + type + "$" + (type == 7 ? iterations + " iterations" : "sha512") + "]";
  }

  private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
    char[] chars = password.toCharArray();
    PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, HASH_BYTES * 8);
    try {
      // SunJCE's PBKDF2 feeds the password to HMAC as UTF-8, as mosquitto_passwd does with its bytes
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA512").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA512 is not available in this JDK", e);
    } finally {
      spec.clearPassword();
      Arrays.fill(chars, '\0');
    }
  }

  private static byte[] sha512(String password, byte[] salt) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-512");
      md.update(password.getBytes(StandardCharsets.UTF_8));
      md.update(salt);
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-512 is not available in this JDK", e);
    }
  }
}
