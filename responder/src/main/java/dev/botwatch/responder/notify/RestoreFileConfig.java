package dev.botwatch.responder.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;

/**
 * A file to put back from a known-good copy (seed 004: a bot whose config got corrupted). Paths may
 * use {@code {{bot}}} and label templates.
 *
 * <pre>{@code
 * path: /srv/bots/{{bot}}/config.json
 * known_good: /srv/botwatch/known-good/{{bot}}/config.json
 * backup_dir: /srv/botwatch/backups     # default: next to path
 * validate: json                        # none | json | yaml: check known_good before using it
 * }</pre>
 */
public record RestoreFileConfig(String path, String knownGood, String backupDir, Format validate)
    implements Validatable {

  /** The format the known-good copy must parse as before it is restored. */
  public enum Format {
    @JsonProperty("none")
    NONE,
    @JsonProperty("json")
    JSON,
    @JsonProperty("yaml")
    YAML
  }

  public RestoreFileConfig {
    validate = validate == null ? Format.NONE : validate;
  }

  @Override
  public void validate(String at, Problems p) {
    p.notBlank(path, at + ".path");
    p.notBlank(knownGood, at + ".known_good");
    p.require(path == null || !path.equals(knownGood), at + ".known_good", "must differ from path");
    p.require(backupDir == null || !backupDir.isBlank(), at + ".backup_dir", "is blank");
  }
}
