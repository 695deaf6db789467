package io.conduit.nodes.function;

import java.util.regex.Pattern;

/**
 * The three code fields of a function node ({@code func}, {@code initialize} as {@code setup},
 * {@code finalize} as {@code cleanup}: a record cannot name a component finalize) and what is read
 * off their text before compiling:
 * <ul>
 *   <li>{@link #handlesDone()}: Node-RED calls {@code done()} after the function returns unless the
 *       code calls {@code node.done()} itself. Node-RED first looks for {@code node.done()} and then
 *       confirms with a parse tree that it is a call; here the confirmation is the same search in
 *       the text with comments and string literals blanked out.</li>
 *   <li>{@link #usesAwait()}: Node-RED wraps every function in an {@code async function}. Without
 *       an {@code await} the result is the same with a plain function, which saves a promise and a
 *       job per message; a returned promise is still awaited.</li>
 * </ul>
 */
record FunctionCode(String func, String setup, String cleanup, boolean handlesDone, boolean usesAwait) {
  private static final Pattern DONE_CALL_LITERAL = Pattern.compile("node\\.done\\s*\\(\\s*\\)");
  private static final Pattern DONE_CALL = Pattern.compile("\\bnode\\s*\\.\\s*done\\s*\\(");
  private static final Pattern AWAIT = Pattern.compile("\\bawait\\b");

  static FunctionCode of(String func, String initialize, String finalize) {
    String code = func == null ? "" : func;
    String bare = withoutCommentsAndStrings(code);
    boolean handlesDone = DONE_CALL_LITERAL.matcher(code).find() && DONE_CALL.matcher(bare).find();
    return new FunctionCode(code, initialize == null ? "" : initialize.trim(), finalize == null ? "" : finalize.trim(),
      handlesDone, AWAIT.matcher(bare).find());
  }

  /** The text with comments and the contents of string and template literals replaced by spaces. */
  static String withoutCommentsAndStrings(String text) {
    StringBuilder out = new StringBuilder(text.length());
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '/' && i + 1 < n && text.charAt(i + 1) == '/') {
        while (i < n && text.charAt(i) != '\n') {
          out.append(' ');
          i++;
        }
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        while (i < end) {
          out.append(text.charAt(i) == '\n' ? '\n' : ' ');
          i++;
        }
      } else if (c == '"' || c == '\'' || c == '`') {
        out.append(c);
        i++;
        while (i < n && text.charAt(i) != c) {
          if (text.charAt(i) == '\\') {
            out.append(' ');
            i++;
          }
          if (i < n) {
            out.append(text.charAt(i) == '\n' ? '\n' : ' ');
            i++;
          }
        }
        if (i < n) {
          out.append(c);
          i++;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
