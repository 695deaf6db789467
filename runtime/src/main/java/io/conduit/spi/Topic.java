package io.conduit.spi;

/**
 * Topic names (what PUBLISH carries), validated and split once; the one place for these rules,
 * used by the broker and by the mqtt nodes alike. Rules (MQTT 3.1.1 4.7, 5.0 4.7):
 * <ul>
 *   <li>at least one character; at most 65,535 bytes of UTF-8;</li>
 *   <li>no wildcard characters {@code +} or {@code #} (a PUBLISH with one is refused with 0x90);</li>
 *   <li>no U+0000; and, since the codec decodes ill-formed UTF-8 to U+FFFD, a U+FFFD is taken as
 *       the sign of ill-formed UTF-8 in the packet (a malformed packet, 0x81);</li>
 *   <li>levels are separated by {@code /}; empty levels are allowed ({@code a//b}, {@code /a});</li>
 *   <li>a topic starting with {@code $} (e.g. {@code $SYS/...}) is not matched by a filter starting
 *       with {@code +} or {@code #} (see {@link TopicFilter} and the broker's {@code TopicTree}).</li>
 * </ul>
 */
public final class Topic {
  /** Longest string MQTT can carry (two-byte length prefix). */
  public static final int MAX_LENGTH_BYTES = 65_535;

  private Topic() {
  }

  /** Why {@code name} is not a valid topic name, or null when it is. */
  public static String invalidReason(String name) {
    if (name == null || name.isEmpty()) return "topic name is empty";
    if (hasBadCharacter(name)) return "topic name is not well-formed UTF-8 or contains U+0000";
    if (name.indexOf('+') >= 0 || name.indexOf('#') >= 0) return "topic name '" + name + "' contains a wildcard (+ or #)";
    if (utf8Length(name) > MAX_LENGTH_BYTES) return "topic name is longer than 65535 bytes";
    return null;
  }

  public static boolean isValid(String name) {
    return invalidReason(name) == null;
  }

  /** True for U+0000 or U+FFFD (see the class comment) or an unpaired surrogate. */
  public static boolean hasBadCharacter(String s) {
    for (int i = 0, n = s.length(); i < n; i++) {
      char c = s.charAt(i);
      if (c == 0 || c == '\uFFFD') return true;
      if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
          i++;
        } else {
          return true;
        }
      }
    }
    return false;
  }

  /** Splits a topic (or filter) into its levels: {@code "a//b"} → {@code ["a", "", "b"]}. */
  public static String[] levels(String name) {
    int count = 1;
    for (int i = 0, n = name.length(); i < n; i++) {
      if (name.charAt(i) == '/') count++;
    }
    String[] levels = new String[count];
    int start = 0;
    for (int k = 0; k < count - 1; k++) {
      int slash = name.indexOf('/', start);
      levels[k] = name.substring(start, slash);
      start = slash + 1;
    }
    levels[count - 1] = name.substring(start);
    return levels;
  }

  /** True for {@code $SYS/...} and any other topic whose first character is {@code $}. */
  public static boolean isDollarTopic(String name) {
    return !name.isEmpty() && name.charAt(0) == '$';
  }

  static int utf8Length(String s) {
    int n = s.length();
    int bytes = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) bytes += 1;
        else if (Character.isHighSurrogate(c)) { bytes += 2; i++; }
        else bytes += 2;
      }
    }
    return bytes;
  }
}
