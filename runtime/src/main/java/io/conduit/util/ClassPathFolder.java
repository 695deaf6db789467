package io.conduit.util;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Enumeration;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Lists a folder of the class path: the names directly under it (files and subfolders), across
 * every class path root that has it, in directories and in jars. Blocking I/O.
 * <p>
 * In a jar it reads the zip central directory itself and compares raw name bytes: Conduit's shaded
 * jar has ≈ 25 000 entries, and walking them with {@link JarFile#entries()} builds a
 * {@link JarEntry} per entry, ≈ 0.5 s of start-up CPU before the JIT has compiled it (measured on
 * the first start, which lists the example flows). A jar whose directory it cannot read that way
 * (zip64, data before the archive) is walked with {@link JarFile} as before.
 */
public final class ClassPathFolder {
  private static final int END_SIGNATURE = 0x06054b50;
  private static final int ENTRY_SIGNATURE = 0x02014b50;
  private static final int END_LENGTH = 22;
  private static final int ENTRY_HEADER_LENGTH = 46;
  private static final int MAX_COMMENT = 0xffff;

  private ClassPathFolder() {
  }

  /** The names directly under class path folder {@code folder} (no leading or trailing '/'), sorted. */
  public static Set<String> children(ClassLoader loader, String folder) throws IOException {
    String prefix = folder + "/";
    Set<String> names = new TreeSet<>();
    Enumeration<URL> roots = loader.getResources(prefix);
    while (roots.hasMoreElements()) {
      URL root = roots.nextElement();
      if (root.getProtocol().equals("file")) {
        try (Stream<Path> files = Files.list(Path.of(root.toURI()))) {
          files.forEach(p -> names.add(p.getFileName().toString()));
        } catch (URISyntaxException e) {
          throw new IOException("cannot list " + root, e);
        }
      } else if (root.getProtocol().equals("jar")) {
        JarURLConnection conn = (JarURLConnection) root.openConnection();
        Path jar;
        try {
          jar = Path.of(conn.getJarFileURL().toURI());
        } catch (URISyntaxException | IllegalArgumentException e) {
          throw new IOException("cannot list " + root, e);
        }
        if (!fromCentralDirectory(jar, prefix, names)) {
          fromJarFile(jar, prefix, names);
        }
      }
    }
    return names;
  }

  private static void add(String rest, Set<String> names) {
    int slash = rest.indexOf('/');
    String child = slash < 0 ? rest : rest.substring(0, slash);
    if (!child.isEmpty()) names.add(child);
  }

  private static void fromJarFile(Path jar, String prefix, Set<String> names) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      for (Enumeration<JarEntry> e = file.entries(); e.hasMoreElements(); ) {
        String name = e.nextElement().getName();
        if (name.startsWith(prefix)) add(name.substring(prefix.length()), names);
      }
    }
  }

  /** False when the directory is not a plain one (zip64, an offset archive): then nothing was added. */
  private static boolean fromCentralDirectory(Path jar, String prefix, Set<String> names) throws IOException {
    byte[] want = prefix.getBytes(StandardCharsets.UTF_8);
    try (FileChannel ch = FileChannel.open(jar, StandardOpenOption.READ)) {
      long size = ch.size();
      int tailLength = (int) Math.min(size, END_LENGTH + MAX_COMMENT);
      ByteBuffer tail = read(ch, size - tailLength, tailLength);
      int end = -1;
      for (int i = tailLength - END_LENGTH; i >= 0; i--) {
        if (tail.getInt(i) == END_SIGNATURE) {
          end = i;
          break;
        }
      }
      if (end < 0) return false;
      int count = Short.toUnsignedInt(tail.getShort(end + 10));
      long dirSize = Integer.toUnsignedLong(tail.getInt(end + 12));
      long dirOffset = Integer.toUnsignedLong(tail.getInt(end + 16));
      if (count == 0xffff || dirSize == 0xffffffffL || dirOffset == 0xffffffffL || dirOffset + dirSize > size) return false;
      ByteBuffer dir = read(ch, dirOffset, (int) dirSize);
      Set<String> found = new TreeSet<>();
      int at = 0;
      for (int n = 0; n < count; n++) {
        if (at + ENTRY_HEADER_LENGTH > dir.limit() || dir.getInt(at) != ENTRY_SIGNATURE) return false;
        int nameLength = Short.toUnsignedInt(dir.getShort(at + 28));
        int extraLength = Short.toUnsignedInt(dir.getShort(at + 30));
        int commentLength = Short.toUnsignedInt(dir.getShort(at + 32));
        int name = at + ENTRY_HEADER_LENGTH;
        if (name + nameLength > dir.limit()) return false;
        if (nameLength > want.length && startsWith(dir, name, want)) {
          byte[] rest = new byte[nameLength - want.length];
          dir.get(name + want.length, rest);
          add(new String(rest, StandardCharsets.UTF_8), found);
        }
        at = name + nameLength + extraLength + commentLength;
      }
      names.addAll(found);
      return true;
    }
  }

  private static boolean startsWith(ByteBuffer buf, int at, byte[] want) {
    for (int i = 0; i < want.length; i++) {
      if (buf.get(at + i) != want[i]) return false;
    }
    return true;
  }

  private static ByteBuffer read(FileChannel ch, long position, int length) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buf.hasRemaining()) {
      if (ch.read(buf, position + buf.position()) < 0) throw new IOException("unexpected end of file");
    }
    return buf.flip();
  }
}
