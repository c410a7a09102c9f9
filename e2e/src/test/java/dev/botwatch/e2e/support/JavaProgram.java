package dev.botwatch.e2e.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One of botwatch's programs, run from its shaded jar exactly as {@code bin/} runs it: {@code java
 * <flags> [-XX:SharedArchiveFile=<artifact>.jsa] -jar target/dist/<artifact>.jar --config <file>}.
 * The config binds port 0; the port is read from the "listening on" line.
 */
public final class JavaProgram implements AutoCloseable {
  /** The JVM flags bin/lib.sh ships (StackFilesIT keeps the images and units in step). */
  public static final List<String> JVM_FLAGS =
      List.of(
          "-Xms8m",
          "-Xmx64m",
          "-XX:MinHeapFreeRatio=20",
          "-XX:MaxHeapFreeRatio=40",
          "-Xss512k",
          "-XX:+UseSerialGC",
          "-XX:MaxMetaspaceSize=64m",
          "-XX:ReservedCodeCacheSize=32m",
          "-XX:TieredStopAtLevel=1",
          "-XX:+ExitOnOutOfMemoryError");

  private final ManagedProcess process;
  private final int port;

  private JavaProgram(ManagedProcess process, int port) {
    this.process = process;
    this.port = port;
  }

  public static JavaProgram start(String artifact, String configYaml, Path workDir) {
    Path jar = Binaries.jar(artifact);
    Path config = workDir.resolve(artifact + ".yml");
    try {
      Files.createDirectories(workDir);
      Files.writeString(config, configYaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    // The class-data archive mvn package writes next to the jar, as bin/lib.sh passes it.
    Path archive = jar.resolveSibling(artifact + ".jsa");
    if (Files.isRegularFile(archive)) {
      cmd.add("-XX:SharedArchiveFile=" + archive);
    }
    cmd.addAll(List.of("-jar", jar.toString(), "--config", config.toString()));
    ManagedProcess p = ManagedProcess.start(artifact, cmd, workDir);
    int port;
    try {
      port =
          Integer.parseInt(
              p.awaitLine("listening on http://127\\.0\\.0\\.1:(\\d+)", Duration.ofSeconds(60))
                  .group(1));
    } catch (RuntimeException | AssertionError e) {
      p.close();
      throw e;
    }
    return new JavaProgram(p, port);
  }

  public String url() {
    return "http://127.0.0.1:" + port;
  }

  @Override
  public void close() {
    process.close();
  }
}
