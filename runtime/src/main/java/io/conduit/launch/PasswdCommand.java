package io.conduit.launch;

import io.conduit.broker.auth.PasswordFile;
import io.conduit.broker.auth.PasswordHash;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code conduit passwd}: manages a broker password file like Mosquitto's {@code mosquitto_passwd}
 * (same options, same file format, see {@link PasswordFile}):
 * <pre>
 * conduit passwd [-I iterations] [-c | -D] FILE USER      prompts twice for the password, without echo
 * conduit passwd [-I iterations] -b FILE USER PASSWORD    batch: password on the command line
 * </pre>
 * {@code -c} creates the file (replacing an existing one), {@code -D} deletes the user, {@code -I}
 * sets the PBKDF2 iteration count (default {@value PasswordHash#DEFAULT_ITERATIONS}). Without a
 * terminal the two password lines are read from standard input. The password is never printed.
 * <p>
 * {@code conduit hash-pw [-I iterations]} asks for a password the same way and prints its hash, for
 * the users of {@code admin_auth} (as Node-RED's {@code node-red admin hash-pw}).
 */
public final class PasswdCommand {
  /** Reads one password without echoing it; null at end of input. */
  public interface Prompt {
    char[] read(String label) throws IOException;
  }

  private PasswdCommand() {
  }

  public static String usage() {
    return """
      Usage: conduit passwd [-I iterations] [-c | -D] FILE USER
             conduit passwd [-I iterations] -b FILE USER PASSWORD
        -c  create a new password file (an existing one is replaced)
        -D  delete USER from the file
        -b  take the password from the command line (it may show in the shell's history)
        -I  PBKDF2-SHA512 iterations for the new hash (default %d)
      The file is in mosquitto_passwd's format; Mosquitto and Conduit read each other's files.
      """.formatted(PasswordHash.DEFAULT_ITERATIONS);
  }

  /** The prompt of the terminal, or lines of standard input when there is none. */
  public static Prompt systemPrompt(BufferedReader stdin) {
    Console console = System.console();
    if (console != null && isTerminal(console)) return label -> console.readPassword("%s", label);
    return label -> {
      String line = stdin.readLine();
      return line == null ? null : line.toCharArray();
    };
  }

  /** JDK 22+ has a console even without a terminal and says so with isTerminal(); JDK 21 has none then. */
  private static boolean isTerminal(Console console) {
    try {
      return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
    } catch (NoSuchMethodException e) {
      return true;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** Runs the command; returns the exit code (0 done, 1 failed, 2 bad usage). */
  public static int run(List<String> args, Prompt prompt, PrintStream out, PrintStream err) {
    boolean create = false;
    boolean delete = false;
    boolean batch = false;
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    List<String> rest = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "-c" -> create = true;
        case "-D" -> delete = true;
        case "-b" -> batch = true;
        case "-h", "--help" -> {
          out.print(usage());
          return 0;
        }
        case "-I" -> {
          if (i + 1 >= args.size()) return usageError(err, "-I needs an iteration count");
          try {
            iterations = Integer.parseInt(args.get(++i));
          } catch (NumberFormatException e) {
            return usageError(err, "-I: '" + args.get(i) + "' is not a number");
          }
          if (iterations < 1) return usageError(err, "-I: the iteration count must be >= 1");
        }
        default -> {
          if (a.startsWith("-") && a.length() > 1) return usageError(err, "unknown option '" + a + "'");
          rest.add(a);
        }
      }
    }
    if (create && delete) return usageError(err, "-c and -D cannot be used together");
    int expected = batch ? 3 : 2;
    if (delete && batch) return usageError(err, "-b and -D cannot be used together");
    if (rest.size() != expected) {
      return usageError(err, batch ? "-b needs FILE USER PASSWORD" : "expected FILE USER");
    }
    Path file = Path.of(rest.get(0));
    String user = rest.get(1);
    try {
      PasswordFile.checkUserName(user);
      PasswordFile pf = create ? PasswordFile.empty() : readExisting(file);
      if (delete) {
        if (!pf.remove(user)) {
          err.println("conduit passwd: user '" + user + "' is not in " + file);
          return 1;
        }
      } else {
        String password = batch ? rest.get(2) : askTwice(prompt);
        if (password == null) {
          err.println("conduit passwd: the passwords do not match, or none was given");
          return 1;
        }
        pf.put(user, PasswordHash.create(password, iterations));
      }
      pf.write(file);
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println("conduit passwd: " + e.getMessage());
      return 1;
    }
  }

  /** {@code conduit hash-pw}: prints the {@code $7$} hash of a password asked twice. */
  public static int hashPw(List<String> args, Prompt prompt, PrintStream out, PrintStream err) {
    int iterations = PasswordHash.DEFAULT_ITERATIONS;
    if (args.size() == 2 && args.get(0).equals("-I")) {
      try {
        iterations = Integer.parseInt(args.get(1));
      } catch (NumberFormatException e) {
        iterations = 0;
      }
    } else if (!args.isEmpty()) {
      iterations = 0;
    }
    if (iterations < 1) {
      err.println("conduit hash-pw: usage: conduit hash-pw [-I iterations]");
      return 2;
    }
    try {
      String password = askTwice(prompt);
      if (password == null) {
        err.println("conduit hash-pw: the passwords do not match, or none was given");
        return 1;
      }
      out.println(PasswordHash.create(password, iterations).encoded());
      return 0;
    } catch (IllegalArgumentException | IOException e) {
      err.println("conduit hash-pw: " + e.getMessage());
      return 1;
    }
  }

  private static PasswordFile readExisting(Path file) throws IOException {
    if (!Files.exists(file)) throw new IOException("password file " + file + " does not exist (use -c to create it)");
    return PasswordFile.read(file);
  }

  private static String askTwice(Prompt prompt) throws IOException {
    char[] first = prompt.read("Password: ");
    char[] second = first == null ? null : prompt.read("Reenter password: ");
    try {
      if (first == null || second == null || !Arrays.equals(first, second)) return null;
      if (first.length == 0) throw new IllegalArgumentException("the password must not be empty");
      return new String(first);
    } finally {
      if (first != null) Arrays.fill(first, '\0');
      if (second != null) Arrays.fill(second, '\0');
    }
  }

  private static int usageError(PrintStream err, String why) {
    err.println("conduit passwd: " + why);
    err.print(usage());
    return 2;
  }
}
