package dev.botwatch.responder.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.botwatch.common.config.YamlConfig;
import dev.botwatch.responder.alert.Alert;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.model.Incident;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ladder, the caps and the stand-down rules, with no store and no HTTP. */
class PolicyTest {
  static final Instant NOW = Instant.parse("2026-11-22T09:00:00Z");
  static final ResponderConfig CONFIG =
      YamlConfig.parse(
          """
          webhook: {token: {env: T}}
          bots:
            paper: {control: {base_url: "http://127.0.0.1:1"}}
          overrides:
            - match: {alertname: BotMemoryHigh, bot: paper}
              playbook: none
          """,
          ResponderConfig.class,
          "test",
          Map.of());
  final Policy policy = new Policy(CONFIG);

  static Alert alert(boolean firing, String recovery, String alertname) {
    Map<String, String> l = new HashMap<>();
    l.put("bot", "paper");
    l.put("alertname", alertname);
    if (recovery != null) {
      l.put("recovery", recovery);
    }
    return new Alert(firing, l, Map.of(), NOW.minusSeconds(600), null, "", "abc");
  }

  static Incident incident(String level, Instant levelAt) {
    return new Incident(
        1, "paper", "abc", "t", "A", "soft", level, levelAt, true, Map.of(), Map.of());
  }

  /**
   * level: the incident's current rung ("-" no incident yet); age: seconds since it ran; runs,
   * restarts: in the last hour; last: seconds since the bot's last run (-1 none); flags.
   */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "first soft runs                 | soft  | -      | 0    | 0 | 0 | -1  | false | false | Run:soft",
        "repeat inside verify window     | soft  | soft   | 60   | 1 | 0 | 60  | false | false | Wait",
        "repeat after window escalates   | soft  | soft   | 301  | 1 | 0 | 301 | false | false | Run:medium",
        "medium escalates to hard        | soft  | medium | 301  | 2 | 0 | 301 | false | false | Run:hard",
        "hard escalates to manual        | soft  | hard   | 301  | 3 | 1 | 301 | false | false | Manual",
        "hourly cap                      | soft  | -      | 0    | 5 | 0 | 900 | false | false | RateLimited:soft:true",
        "restart cap                     | soft  | medium | 301  | 4 | 3 | 301 | false | false | RateLimited:hard:true",
        "cooldown                        | soft  | -      | 0    | 1 | 0 | 120 | false | false | RateLimited:soft:false",
        "latch stands recovery down      | soft  | -      | 0    | 0 | 0 | -1  | true  | false | StandDown:soft",
        "kill switch stands down         | medium| -      | 0    | 0 | 0 | -1  | false | true  | StandDown:medium",
        "emergency ignores caps & latch  | emergency_stop | - | 0 | 9 | 9 | 1 | true | false | Run:emergency_stop",
        "none records only               | none  | -      | 0    | 0 | 0 | -1  | false | false | RecordOnly",
        "unknown playbook records only   | bogus | -      | 0    | 0 | 0 | -1  | false | false | RecordOnly",
        "emergency has no next rung      | emergency_stop | emergency_stop | 999 | 0 | 0 | -1 | true | false | Wait",
      })
  void decides(
      String name,
      String recovery,
      String level,
      long age,
      int runs,
      int restarts,
      long last,
      boolean latched,
      boolean kill,
      String expected) {
    Incident inc = "-".equals(level) ? null : incident(level, NOW.minusSeconds(age));
    Facts f =
        new Facts(inc, runs, restarts, last < 0 ? null : NOW.minusSeconds(last), latched, kill);
    assertThat(show(policy.decide(alert(true, recovery, "A"), f, NOW))).isEqualTo(expected);
  }

  @Test
  void aLateRepeatOfAResolvedEpisodeRunsNothing() {
    Incident closed =
        new Incident(1, "paper", "abc", "t", "A", "soft", null, null, false, Map.of(), Map.of());
    Facts f = new Facts(closed, 0, 0, null, false, false);
    assertThat(policy.decide(alert(true, "soft", "A"), f, NOW)).isInstanceOf(Decision.Wait.class);
  }

  @Test
  void resolvedClosesWhateverTheState() {
    Facts f = new Facts(incident("medium", NOW), 5, 3, NOW, true, true);
    assertThat(policy.decide(alert(false, "soft", "A"), f, NOW)).isInstanceOf(Decision.Close.class);
  }

  @Test
  void overridesWinOverTheRecoveryLabel() {
    assertThat(policy.playbookFor(alert(true, "hard", "BotMemoryHigh"))).isEqualTo("none");
    assertThat(policy.playbookFor(alert(true, "hard", "BotOther"))).isEqualTo("hard");
    assertThat(policy.playbookFor(alert(true, null, "BotOther"))).isEqualTo("none");
  }

  @Test
  void theHardPlaybookCountsAsARestart() {
    assertThat(policy.restartPlaybooks()).containsExactly("hard");
  }

  private static String show(Decision d) {
    if (d instanceof Decision.Run r) {
      return (r.standDown() ? "StandDown:" : "Run:") + r.playbook();
    }
    if (d instanceof Decision.RateLimited rl) {
      return "RateLimited:" + rl.playbook() + ":" + rl.exhausted();
    }
    return d.getClass().getSimpleName();
  }
}
