package dev.botwatch.responder;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.Launcher;
import dev.botwatch.responder.config.ResponderConfig;
import org.junit.jupiter.api.Test;

/**
 * The class-data training run that mvn package and the image perform: a responder on a throwaway
 * store answers /-/ready, takes a firing and a resolved notification and the read endpoints with
 * 2xx, stops and exits 0.
 */
class ResponderWarmUpTest {
  @Test
  void theWarmUpServesEveryRequestAndExitsZero() {
    int code =
        Launcher.main(
            "responder",
            new String[] {"--warm-up"},
            ResponderConfig.class,
            Responder::start,
            new ResponderWarmUp());
    assertThat(code).isZero();
  }
}
