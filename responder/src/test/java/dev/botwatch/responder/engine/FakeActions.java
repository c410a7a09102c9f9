package dev.botwatch.responder.engine;

import dev.botwatch.responder.action.Action;
import dev.botwatch.responder.action.ActionContext;
import dev.botwatch.responder.action.Outcome;
import dev.botwatch.responder.action.build.ActionFactory;
import dev.botwatch.responder.config.PlaybookConfig;
import dev.botwatch.responder.config.ResponderConfig;
import dev.botwatch.responder.config.StepConfig;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every step of the config as an action that calls nothing: it records {@code bot:step} and answers
 * what the test scripted for the step (success when nothing is scripted). One target per bot, like
 * a bot's control API, so breakers behave as with real calls.
 */
final class FakeActions implements ActionFactory {
  private final ResponderConfig config;
  final List<String> calls = new ArrayList<>();
  private final Map<String, Deque<Outcome>> scripted = new HashMap<>();
  private final Map<String, Outcome> always = new HashMap<>();

  FakeActions(ResponderConfig config) {
    this.config = config;
  }

  /** The next attempts of {@code step} answer these, in order. */
  void script(String step, Outcome... outcomes) {
    scripted.computeIfAbsent(step, s -> new ArrayDeque<>()).addAll(List.of(outcomes));
  }

  /** Every attempt of {@code step} answers {@code o}. */
  void always(String step, Outcome o) {
    always.put(step, o);
  }

  synchronized List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public Built build(String bot, String playbook, int seq) {
    PlaybookConfig pb = config.playbooks().get(playbook);
    StepConfig step = pb.steps().get(seq);
    return Built.of(new Fake(bot, step.name(), step.kind()), step);
  }

  @Override
  public Built resume(String bot) {
    return Built.of(new Fake(bot, "resume", "http"), null);
  }

  private synchronized Outcome answer(String bot, String step) {
    calls.add(bot + ":" + step);
    Deque<Outcome> d = scripted.get(step);
    if (d != null && !d.isEmpty()) {
      return d.poll();
    }
    return always.getOrDefault(step, Outcome.success("done"));
  }

  private final class Fake implements Action {
    private final String bot;
    private final String step;
    private final String kind;

    Fake(String bot, String step, String kind) {
      this.bot = bot;
      this.step = step;
      this.kind = kind;
    }

    @Override
    public String kind() {
      return kind;
    }

    @Override
    public String target() {
      return "fake:" + bot;
    }

    @Override
    public String describe(ActionContext ctx) {
      return step + " on " + bot;
    }

    @Override
    public Outcome attempt(ActionContext ctx) {
      return answer(bot, step);
    }
  }
}
