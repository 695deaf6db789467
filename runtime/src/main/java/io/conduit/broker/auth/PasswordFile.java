package io.conduit.broker.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A password file in {@code mosquitto_passwd}'s format: one {@code user:hash} line per user (see
 * {@link PasswordHash}), {@code #} comments and blank lines ignored, blanks around both fields
 * trimmed (as Mosquitto's {@code pwfile__parse}). Rules:
 * <ul>
 *   <li>a user name is non-empty and has no {@code :}; a user appears once;</li>
 *   <li>a line without a valid hash stops the load with the file, line number and reason (Mosquitto
 *       drops such a user with a warning; a broker that silently lost a user is worse than one that
 *       does not start). Error messages never repeat the line's hash;</li>
 *   <li>rewrites keep every other line as it was, go to a temporary file moved into place, and the
 *       file is created readable by its owner only.</li>
 * </ul>
 * Reading and writing are blocking file I/O: off the event loop.
 */
public final class PasswordFile {
  private final List<String> lines;
  private final Map<String, PasswordHash> users;

  private PasswordFile(List<String> lines, Map<String, PasswordHash> users) {
    this.lines = lines;
    this.users = users;
  }

  public static PasswordFile empty() {
    return new PasswordFile(new ArrayList<>(), new LinkedHashMap<>());
  }

  /** @throws IOException naming the file (and line) when it cannot be read or a line is invalid */
  public static PasswordFile read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("password file " + file + " does not exist or is not a file");
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  static PasswordFile parse(String text, String source) throws IOException {
    List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) lines.remove(lines.size() - 1);
    Map<String, PasswordHash> users = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      String user = userOf(line);
      if (user == null) continue;
      String where = "password file " + source + " line " + (i + 1);
      if (user.isEmpty()) throw new IOException(where + ": empty user name");
      if (users.containsKey(user)) throw new IOException(where + ": user '" + user + "' appears twice");
      String rest = line.substring(line.indexOf(':') + 1).strip();
      if (rest.isEmpty()) throw new IOException(where + ": user '" + user + "' has no password hash");
      try {
        users.put(user, PasswordHash.parse(rest));
      } catch (IllegalArgumentException e) {
        throw new IOException(where + ": user '" + user + "': " + e.getMessage()
          + " (plain-text passwords are not read: create the file with 'conduit passwd' or mosquitto_passwd)");
      }
    }
    return new PasswordFile(lines, users);
  }

  /** The user a line defines, or null for comments, blank lines and lines without {@code :}. */
  private static String userOf(String line) {
    if (line.startsWith("#") || line.isBlank()) return null;
    int colon = line.indexOf(':');
    return colon < 0 ? null : line.substring(0, colon).strip();
  }

  /** The hash of {@code user}, or null for an unknown user. */
  public PasswordHash hash(String user) {
    return users.get(user);
  }

  public Set<String> users() {
    return Collections.unmodifiableSet(users.keySet());
  }

  /** Adds {@code user} or replaces its hash (in place, keeping the line's position). */
  public void put(String user, PasswordHash hash) {
    checkUserName(user);
    String line = user + ":" + hash.encoded();
    for (int i = 0; i < lines.size(); i++) {
      if (user.equals(userOf(lines.get(i)))) {
        lines.set(i, line);
        users.put(user, hash);
        return;
      }
    }
    lines.add(line);
    users.put(user, hash);
  }

  /** Removes {@code user}; false if it was not there. */
  public boolean remove(String user) {
    if (users.remove(user) == null) return false;
    lines.removeIf(l -> user.equals(userOf(l)));
    return true;
  }

  /** @throws IllegalArgumentException for a name mosquitto_passwd would refuse */
  public static void checkUserName(String user) {
    if (user == null || user.isEmpty()) throw new IllegalArgumentException("the user name must not be empty");
    if (user.indexOf(':') >= 0) throw new IllegalArgumentException("the user name must not contain ':'");
    if (!user.equals(user.strip())) throw new IllegalArgumentException("the user name must not start or end with blanks");
    if (user.indexOf('\n') >= 0 || user.indexOf('\r') >= 0) throw new IllegalArgumentException("the user name must not contain line breaks");
  }

  /** Writes the file atomically (temporary file + move), owner read/write only on POSIX systems. */
  public void write(Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = dir.resolve(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    try {
      Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(tmp);
    } catch (FileAlreadyExistsException e) {
      throw new IOException("cannot create " + tmp + ": it appeared while writing", e);
    }
    StringBuilder text = new StringBuilder();
    for (String l : lines) text.append(l).append('\n');
    Files.writeString(tmp, text, StandardCharsets.UTF_8);
    try {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
