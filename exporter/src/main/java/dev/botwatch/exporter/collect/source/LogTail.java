package dev.botwatch.exporter.collect.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Follows one log file like {@code tail -F} and counts its lines per level, without re-counting or
 * losing lines across:
 *
 * <ul>
 *   <li>rotation by rename (logrotate's default, Python's RotatingFileHandler): the path now names
 *       a new file (another file key, i.e. inode). The old file stays open, so the lines written to
 *       it after the last poll are read to its end first; then the new file is read from 0.
 *   <li>truncation (logrotate {@code copytruncate}): size below the read offset; restart at 0.
 *       Lines written between the last poll and the truncation are gone before anyone could read
 *       them; that is copytruncate's own loss, not this class's.
 *   <li>a partial last line: held back and counted once its newline arrives (or, in a rotated file,
 *       at its end, as the writer will never finish it).
 * </ul>
 *
 * Files are read from the start when first seen, at most {@code maxBytesPerPoll} per poll, so a
 * huge backlog is caught up over several polls instead of one long one.
 */
final class LogTail implements Closeable {
  static final int MAX_LINE_BYTES = 64 * 1024;

  private final Path path;
  private final LogLevels levels;
  private final long maxBytesPerPoll;
  private final Map<String, Long> counts = new LinkedHashMap<>();
  private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024);

  private FileChannel channel;
  private Object fileKey;
  private long offset;
  private byte[] pending = new byte[0];
  private BasicFileAttributes stat;

  LogTail(Path path, LogLevels levels, long maxBytesPerPoll) {
    this.path = path;
    this.levels = levels;
    this.maxBytesPerPoll = maxBytesPerPoll;
    levels.labels().forEach(l -> counts.put(l, 0L)); // pre-created at 0
  }

  /** Lines counted so far per level, every level present. */
  Map<String, Long> counts() {
    return counts;
  }

  /** The file's attributes at the last poll; null if it was missing. */
  BasicFileAttributes stat() {
    return stat;
  }

  /** Reads whatever was appended since the last poll. */
  void poll() throws IOException {
    stat = statOrNull();
    long budget = maxBytesPerPoll;
    if (channel != null && stat != null && !Objects.equals(fileKey, stat.fileKey())) {
      budget -= drainRotated(budget);
      if (channel != null) {
        return; // the old file is not finished yet; the new one waits for the next poll
      }
    }
    if (channel == null) {
      if (stat == null || !open()) {
        return;
      }
    }
    if (channel.size() < offset) {
      offset = 0; // truncated in place
      pending = new byte[0];
    }
    read(budget);
  }

  private long drainRotated(long budget) throws IOException {
    long before = offset;
    boolean atEnd = read(budget);
    long done = offset - before;
    if (atEnd) {
      if (pending.length > 0) {
        line(new byte[0], 0, 0); // the writer moved on; its last partial line is complete now
      }
      closeChannel();
    }
    return done;
  }

  private boolean open() throws IOException {
    FileChannel ch;
    try {
      ch = FileChannel.open(path, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return false;
    }
    BasicFileAttributes again = statOrNull();
    if (again == null || !Objects.equals(again.fileKey(), stat.fileKey())) {
      ch.close(); // rotated between stat and open; try again on the next poll
      return false;
    }
    channel = ch;
    fileKey = stat.fileKey();
    offset = 0;
    pending = new byte[0];
    return true;
  }

  /** Reads up to budget bytes; true if it reached the end of the file. */
  private boolean read(long budget) throws IOException {
    long used = 0;
    while (used < budget) {
      buf.clear();
      buf.limit((int) Math.min(buf.capacity(), budget - used));
      int n = channel.read(buf, offset);
      if (n <= 0) {
        return true;
      }
      offset += n;
      used += n;
      byte[] a = buf.array();
      int start = 0;
      for (int i = 0; i < n; i++) {
        if (a[i] == '\n') {
          line(a, start, i);
          start = i + 1;
        }
      }
      hold(a, start, n);
    }
    return channel.size() <= offset;
  }

  private void line(byte[] a, int from, int to) {
    byte[] whole = pending.length == 0 ? a : concat(pending, a, from, to);
    int s = pending.length == 0 ? from : 0;
    int e = pending.length == 0 ? to : whole.length;
    pending = new byte[0];
    if (e > s && whole[e - 1] == '\r') {
      e--;
    }
    int len = Math.min(e - s, MAX_LINE_BYTES);
    String text = new String(whole, s, Math.max(len, 0), StandardCharsets.UTF_8);
    counts.merge(levels.classify(text), 1L, Long::sum);
  }

  /** Keeps the start of an unfinished line, capped: only its head is needed to classify it. */
  private void hold(byte[] a, int from, int to) {
    int room = MAX_LINE_BYTES - pending.length;
    if (to > from && room > 0) {
      pending = concat(pending, a, from, from + Math.min(room, to - from));
    }
  }

  private static byte[] concat(byte[] head, byte[] a, int from, int to) {
    byte[] out = Arrays.copyOf(head, head.length + (to - from));
    System.arraycopy(a, from, out, head.length, to - from);
    return out;
  }

  private BasicFileAttributes statOrNull() throws IOException {
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  private void closeChannel() throws IOException {
    if (channel != null) {
      channel.close();
      channel = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeChannel();
  }
}
