package dev.botwatch.demobot.io;

import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Grows the process's resident memory for the {@code memory_growth} fault, bounded by a cap. It
 * allocates native memory, not heap: the launch scripts cap the heap at 64 MiB, far below the 400
 * MiB of BotMemoryHigh, and a heap that fills up would end in an OutOfMemoryError rather than a
 * high RSS. Every page is written so it is really resident. {@link #release()} gives it all back.
 */
public final class MemoryBalloon {
  private static final long PAGE = 4096;
  private static final sun.misc.Unsafe UNSAFE = unsafe();

  private final long capBytes;
  private final Deque<long[]> blocks = new ArrayDeque<>(); // {address, size}
  private long size;

  public MemoryBalloon(long capBytes) {
    this.capBytes = capBytes;
  }

  /** Adds up to {@code step} bytes without passing the cap; returns the balloon's size. */
  public synchronized long grow(long step) {
    long n = Math.min(step, capBytes - size);
    if (n <= 0) {
      return size;
    }
    long address = UNSAFE.allocateMemory(n);
    for (long off = 0; off < n; off += PAGE) {
      UNSAFE.putByte(address + off, (byte) 1);
    }
    blocks.push(new long[] {address, n});
    size += n;
    return size;
  }

  public synchronized void release() {
    while (!blocks.isEmpty()) {
      UNSAFE.freeMemory(blocks.pop()[0]);
    }
    size = 0;
  }

  public synchronized long size() {
    return size;
  }

  public long capBytes() {
    return capBytes;
  }

  private static sun.misc.Unsafe unsafe() {
    try {
      Field f = sun.misc.Unsafe.class.getDeclaredField("theUnsafe");
      f.setAccessible(true);
      return (sun.misc.Unsafe) f.get(null);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
