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
}
