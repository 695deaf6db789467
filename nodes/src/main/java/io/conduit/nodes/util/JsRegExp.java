package io.conduit.nodes.util;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A JavaScript {@code RegExp} value ({@code new RegExp(source, flags)}) backed by a Java
 * {@link Pattern}. Flags {@code i}, {@code m}, {@code s} map to Java's; {@code g} only changes
 * {@link #replace}; {@code u} and {@code y} are accepted and ignored.
 *
 * <p>The pattern syntax is Java's, which agrees with JavaScript's on the common constructs
 * (classes, quantifiers, groups, named groups, look-around, anchors, {@code \d \w \s \b}). The one
 * JavaScript-only construct translated is the empty negated class {@code [^]} (any character).
 */
public record JsRegExp(String source, String flags, Pattern pattern) {

  /** @throws PatternSyntaxException with the position of the problem when the source is invalid */
  public static JsRegExp compile(String source, String flags) {
    int f = 0;
    for (char c : flags.toCharArray()) {
      switch (c) {
        case 'i' -> f |= Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE;
        case 'm' -> f |= Pattern.MULTILINE;
        case 's' -> f |= Pattern.DOTALL;
        case 'g', 'u', 'y', 'd' -> { }
        default -> throw new PatternSyntaxException("invalid flag '" + c + "'", source, -1);
      }
    }
    return new JsRegExp(source, flags, Pattern.compile(source.replace("[^]", "[\\s\\S]"), f));
  }

  /** {@code str.match(re) != null} without the g flag: does the pattern occur anywhere. */
  public boolean test(String str) {
    return pattern.matcher(str).find();
  }

  /**
   * {@code str.replace(re, replacement)}: all matches with the g flag, else the first. The
   * replacement string's patterns {@code $$ $& $` $' $n $nn $<name>} are expanded as in JavaScript.
   */
  public String replace(String str, String replacement) {
    Matcher m = pattern.matcher(str);
    boolean global = flags.indexOf('g') >= 0;
    StringBuilder out = new StringBuilder();
    int last = 0;
    int from = 0;
    while (from <= str.length() && m.find(from)) {
      out.append(str, last, m.start());
      expand(m, str, replacement, out);
      last = m.end();
      if (!global) break;
      // an empty match steps one code unit forward, as JavaScript's lastIndex does
      from = m.end() == m.start() ? m.end() + 1 : m.end();
    }
    out.append(str, last, str.length());
    return out.toString();
  }

  private static void expand(Matcher m, String str, String rep, StringBuilder out) {
    int n = rep.length();
    for (int i = 0; i < n; i++) {
      char c = rep.charAt(i);
      if (c != '$' || i + 1 >= n) {
        out.append(c);
        continue;
      }
      char d = rep.charAt(i + 1);
      if (d == '$') {
        out.append('$');
        i++;
      } else if (d == '&') {
        out.append(m.group());
        i++;
      } else if (d == '`') {
        out.append(str, 0, m.start());
        i++;
      } else if (d == '\'') {
        out.append(str, m.end(), str.length());
        i++;
      } else if (d >= '0' && d <= '9') {
        int groups = m.groupCount();
        int one = d - '0';
        int two = i + 2 < n && Character.isDigit(rep.charAt(i + 2)) ? one * 10 + (rep.charAt(i + 2) - '0') : -1;
        if (two >= 1 && two <= groups) {
          appendGroup(m, two, out);
          i += 2;
        } else if (one >= 1 && one <= groups) {
          appendGroup(m, one, out);
          i++;
        } else {
          out.append(c);
        }
      } else if (d == '<') {
        int close = rep.indexOf('>', i + 2);
        if (close < 0 || !m.pattern().namedGroups().containsKey(rep.substring(i + 2, close))) {
          out.append(c);
        } else {
          String g = m.group(rep.substring(i + 2, close));
          if (g != null) out.append(g);
          i = close;
        }
      } else {
        out.append(c);
      }
    }
  }

  private static void appendGroup(Matcher m, int g, StringBuilder out) {
    String s = m.group(g);
    if (s != null) out.append(s);
  }

  @Override
  public String toString() {
    return "/" + source + "/" + flags;
  }
}
