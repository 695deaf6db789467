package io.conduit.util;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ClassPathFolder}: the names directly under a class path folder, from directories and from
 * jars (read through the zip central directory, and through {@code JarFile} when the archive has
 * data before it), merged across roots.
 */
class ClassPathFolderTest {
  @TempDir
  Path tmp;

  private static Path jar(Path file, byte[] before, String... entries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      out.write(before);
      try (JarOutputStream jar = new JarOutputStream(out)) {
        for (String name : entries) {
          jar.putNextEntry(new JarEntry(name));
          if (!name.endsWith("/")) jar.write(name.getBytes());
          jar.closeEntry();
        }
      }
    }
    return file;
  }

  private static final String[] ENTRIES = {
    "examples/", "examples/b.json", "examples/a.json", "examples/sub/", "examples/sub/deep.json",
    "examplesx/no.json", "other/examples/no.json", "io/conduit/X.class", "examples/ü.json"};

  private static URLClassLoader loader(Path... roots) throws IOException {
    URL[] urls = new URL[roots.length];
    for (int i = 0; i < roots.length; i++) urls[i] = roots[i].toUri().toURL();
    return new URLClassLoader(urls, null);
  }

  @Test
  void listsTheChildrenOfAFolderInAJar() throws IOException {
    try (URLClassLoader cl = loader(jar(tmp.resolve("a.jar"), new byte[0], ENTRIES))) {
      assertThat(ClassPathFolder.children(cl, "examples")).containsExactly("a.json", "b.json", "sub", "ü.json");
      assertThat(ClassPathFolder.children(cl, "examples/sub")).containsExactly("deep.json");
      assertThat(ClassPathFolder.children(cl, "missing")).isEmpty();
    }
  }

  @Test
  void aJarWithDataBeforeTheArchiveIsListedThroughJarFile() throws IOException {
    try (URLClassLoader cl = loader(jar(tmp.resolve("sfx.jar"), "#!/bin/sh\nexit 0\n".getBytes(), ENTRIES))) {
      assertThat(ClassPathFolder.children(cl, "examples")).containsExactly("a.json", "b.json", "sub", "ü.json");
    }
  }

  @Test
  void mergesDirectoriesAndJars() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("classes/examples/nested"));
    Files.writeString(dir.resolveSibling("c.json"), "[]");
    try (URLClassLoader cl = loader(tmp.resolve("classes"), jar(tmp.resolve("a.jar"), new byte[0], ENTRIES))) {
      assertThat(ClassPathFolder.children(cl, "examples")).containsExactly("a.json", "b.json", "c.json", "nested", "sub", "ü.json");
    }
  }
}
