package dev.botwatch.responder.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.botwatch.common.config.Problems;
import dev.botwatch.common.config.Validatable;
import dev.botwatch.responder.template.FileTemplate;

/**
 * A file to put back from a known-good copy (a bot whose config got corrupted). Each path is a
 * {@link FileTemplate}: its directory part is fixed and may use only {@code {{bot}}}; the file name
 * may use labels too. That directory is the file's root: links followed, the file must stay in it,
 * or the step is refused.
 *
 * <pre>{@code
 * path: /srv/bots/{{bot}}/config.json
 * known_good: /srv/botwatch/known-good/{{bot}}/config.json
 * backup_dir: /srv/botwatch/backups     # default: next to path; its parent is its root
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
    FileTemplate.validate(path, at + ".path", p);
    FileTemplate.validate(knownGood, at + ".known_good", p);
    FileTemplate.validate(backupDir, at + ".backup_dir", p);
  }
}
