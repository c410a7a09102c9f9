package dev.botwatch.demobot.io;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryBalloonTest {
  static final long MIB = 1024 * 1024;

  @Test
  void growsInStepsUpToTheCapAndGivesItBack() {
    MemoryBalloon b = new MemoryBalloon(5 * MIB);
    assertThat(b.grow(2 * MIB)).isEqualTo(2 * MIB);
    assertThat(b.grow(2 * MIB)).isEqualTo(4 * MIB);
    assertThat(b.grow(2 * MIB)).isEqualTo(5 * MIB);
    assertThat(b.grow(2 * MIB)).isEqualTo(5 * MIB);
    b.release();
    assertThat(b.size()).isZero();
    assertThat(b.grow(MIB)).isEqualTo(MIB);
    b.release();
  }

  /** What BotMemoryHigh watches is the resident set: the pages must really be touched. */
  @Test
  void theProcessResidentSetGrowsWithIt() throws Exception {
    MemoryBalloon b = new MemoryBalloon(64 * MIB);
    long before = rssBytes();
    try {
      b.grow(64 * MIB);
      assertThat(rssBytes() - before).isGreaterThan(48 * MIB);
    } finally {
      b.release();
    }
  }

  static long rssBytes() throws java.io.IOException {
    for (String line :
        java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    throw new AssertionError("no VmRSS in /proc/self/status");
  }
}
