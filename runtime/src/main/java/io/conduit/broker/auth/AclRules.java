package io.conduit.broker.auth;


import io.conduit.spi.TopicFilter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ACL file in Mosquitto's format ({@code aclfile.example}, {@code security_default.c}):
 * <pre>
 * # rules before any "user" line are for anonymous clients
 * topic read $SYS/#
 * user alice
 * topic readwrite home/#          # access: read, write, readwrite (the default) or deny
 * topic deny home/secret/#
 * pattern write devices/%c/status  # for every client: %c = client id, %u = user name
 * </pre>
 * Rules, as Mosquitto applies them ({@link TopicAccess} does the checking):
 * <ul>
 *   <li>a client gets the rules of its user name's section (anonymous clients: the rules before the
 *       first {@code user} line), then every {@code pattern} rule; within each list, {@code deny}
 *       rules come first, the others in file order;</li>
 *   <li>the first rule whose topic matches decides: {@code deny} refuses, a rule with the access
 *       asked for grants it, any other matching rule is passed over; no rule → refused;</li>
 *   <li>{@code %u} rules are skipped for clients without a user name; a client whose user name or
 *       client id contains {@code +} or {@code #} gets no pattern rules at all (it could otherwise
 *       widen its own patterns);</li>
 *   <li>an invalid topic filter, an unknown access word or any other line is an error naming the
 *       file and line.</li>
 * </ul>
 */
public final class AclRules {
  static final int READ = 1;
  static final int WRITE = 2;
  static final int DENY = 0;

  /** One {@code topic} or {@code pattern} line; for patterns, {@code topic} still holds %c/%u. */
  record Rule(String topic, int access, TopicFilter filter) {
    boolean isDeny() {
      return access == DENY;
    }
  }

  private final Map<String, List<Rule>> users;
  private final List<Rule> anonymous;
  private final List<Rule> patterns;

  private AclRules(Map<String, List<Rule>> users, List<Rule> anonymous, List<Rule> patterns) {
    this.users = users;
    this.anonymous = anonymous;
    this.patterns = patterns;
  }

  /** Blocking file read: off the event loop. */
  public static AclRules read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) throw new IOException("acl file " + file + " does not exist or is not a file");
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  public static AclRules parse(String text, String source) throws IOException {
    Map<String, List<Rule>> users = new LinkedHashMap<>();
    List<Rule> anonymous = new ArrayList<>();
    List<Rule> patterns = new ArrayList<>();
    List<Rule> current = anonymous;
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) continue;
      String where = "acl file " + source + " line " + (i + 1);
      String[] words = line.split("\\s+", 2);
      switch (words[0]) {
        case "user" -> {
          if (words.length < 2) throw new IOException(where + ": 'user' needs a user name");
          current = users.computeIfAbsent(words[1].strip(), u -> new ArrayList<>());
        }
        case "topic", "pattern" -> {
          if (words.length < 2) throw new IOException(where + ": '" + words[0] + "' needs a topic");
          Rule rule = rule(words[0].equals("pattern"), words[1], where);
          List<Rule> list = words[0].equals("pattern") ? patterns : current;
          if (rule.isDeny()) list.add(denyCount(list), rule);
          else list.add(rule);
        }
        default -> throw new IOException(where + ": unknown keyword '" + words[0] + "' (expected user, topic or pattern)");
      }
    }
    return new AclRules(users, anonymous, patterns);
  }

  private static Rule rule(boolean pattern, String rest, String where) throws IOException {
    String[] parts = rest.split("\\s+", 2);
    int access = READ | WRITE;
    String topic = rest;
    if (parts.length == 2) {
      Integer a = switch (parts[0]) {
        case "read" -> READ;
        case "write" -> WRITE;
        case "readwrite" -> READ | WRITE;
        case "deny" -> DENY;
        default -> null;
      };
      if (a == null) throw new IOException(where + ": unknown access '" + parts[0] + "' (read, write, readwrite or deny)");
      access = a;
      topic = parts[1].strip();
    }
    String why = TopicFilter.invalidReason(topic);
    if (why != null) throw new IOException(where + ": " + why);
    if (topic.startsWith(TopicFilter.SHARE_PREFIX)) throw new IOException(where + ": ACL topics cannot be shared subscriptions ($share/...)");
    return new Rule(topic, access, pattern ? null : TopicFilter.parse(topic));
  }

  private static int denyCount(List<Rule> list) {
    int n = 0;
    while (n < list.size() && list.get(n).isDeny()) n++;
    return n;
  }

  /** The rules that apply to one client, with its patterns filled in. */
  public TopicAccess forClient(String username, String clientId) {
    List<Rule> own = username == null ? anonymous : users.getOrDefault(username, List.of());
    List<TopicAccess.Entry> entries = new ArrayList<>(own.size() + patterns.size());
    for (Rule r : own) entries.add(new TopicAccess.Entry(r.filter(), r.access()));
    boolean dangerous = (username != null && (username.indexOf('+') >= 0 || username.indexOf('#') >= 0))
      || clientId.indexOf('+') >= 0 || clientId.indexOf('#') >= 0;
    if (!dangerous) {
      for (Rule r : patterns) {
        if (username == null && r.topic().contains("%u")) continue;
        String topic = substitute(r.topic(), clientId, username);
        if (TopicFilter.invalidReason(topic) != null) continue;
        entries.add(new TopicAccess.Entry(TopicFilter.parse(topic), r.access()));
      }
    }
    return new TopicAccess(entries);
  }

  /** Mosquitto's substitution: each {@code %c} → client id, each {@code %u} → user name. */
  private static String substitute(String topic, String clientId, String username) {
    StringBuilder out = new StringBuilder(topic.length() + 16);
    for (int i = 0; i < topic.length(); i++) {
      char ch = topic.charAt(i);
      if (ch == '%' && i + 1 < topic.length()) {
        char next = topic.charAt(i + 1);
        if (next == 'c') {
          out.append(clientId);
          i++;
          continue;
        }
        if (next == 'u' && username != null) {
          out.append(username);
          i++;
          continue;
        }
      }
      out.append(ch);
    }
    return out.toString();
  }

  /** Whether the file has sections for named users (they need verified user names to mean anything). */
  public boolean hasUserSections() {
    return !users.isEmpty();
  }
}
