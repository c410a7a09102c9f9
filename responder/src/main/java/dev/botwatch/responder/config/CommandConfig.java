package dev.botwatch.responder.config;

import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Secret;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.responder.template.ArgvTemplate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A program to run as a recovery step: an argv list, never a shell line, so a label value can never
 * become a command. Each element but the program may use {@code {{bot}}} and label templates; a
 * label value there stays one element and must be a plain word ({@link ArgvTemplate#SAFE}), or the
 * step is refused.
 *
 * <pre>{@code
 * argv: [systemctl, restart, "bot-{{bot}}"]
 * timeout: 30s
 * working_dir: /srv/bots
 * env: {LANG: C.UTF-8}
 * secret_env: {BOT_TOKEN: {file: /run/secrets/bot_token}}
 * retry_on_exit_codes: [75]      # EX_TEMPFAIL: try again later
 * }</pre>
 */
public record CommandConfig(
    List<String> argv,
    Duration timeout,
    String workingDir,
    Map<String, String> env,
    Map<String, Secret> secretEnv,
    Set<Integer> retryOnExitCodes)
    implements Validatable {
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  public CommandConfig {
    argv = argv == null ? List.of() : List.copyOf(argv);
    timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
    env = env == null ? Map.of() : Map.copyOf(env);
    secretEnv = secretEnv == null ? Map.of() : Map.copyOf(secretEnv);
    retryOnExitCodes = retryOnExitCodes == null ? Set.of() : Set.copyOf(retryOnExitCodes);
  }

  @Override
  public void validate(String path, Problems p) {
    p.require(!argv.isEmpty(), path + ".argv", "must list the program and its arguments");
    if (!argv.isEmpty()) {
      p.notBlank(argv.get(0), path + ".argv[0]");
      ArgvTemplate.validate(argv, path + ".argv", p);
    }
    p.positive(timeout, path + ".timeout");
    p.require(workingDir == null || !workingDir.isBlank(), path + ".working_dir", "is blank");
    secretEnv.forEach((k, v) -> v.validate(path + ".secret_env." + k, p));
    for (String k : secretEnv.keySet()) {
      p.require(!env.containsKey(k), path + ".secret_env." + k, "is also set in env");
    }
    for (int code : retryOnExitCodes) {
      p.require(code > 0 && code < 256, path + ".retry_on_exit_codes", "must be within 1-255");
    }
  }
}
