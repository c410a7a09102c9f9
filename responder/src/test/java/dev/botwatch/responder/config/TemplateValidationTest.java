package dev.botwatch.responder.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.botwatch.common.config.ConfigException;
import dev.botwatch.common.config.YamlConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Config validation of every template: labels never reach a place they could change. */
class TemplateValidationTest {
  static final String MIN = "webhook: {token: {env: T}}\n";

  static ResponderConfig parse(String yaml) {
    return YamlConfig.parse(MIN + yaml, ResponderConfig.class, "r.yml", Map.of());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "templated host       | bots: {p: {control: {base_url: 'http://{{host}}:9330'}}}"
            + " | bots.p.control.base_url must not use templates: the scheme, host and port of"
            + " every call are fixed",
        "templated scheme     | bots: {p: {control: {base_url: '{{scheme}}://h:1'}}}"
            + " | bots.p.control.base_url must not use templates",
        "templated port       | bots: {p: {control: {base_url: 'http://h:{{port}}'}}}"
            + " | bots.p.control.base_url must not use templates",
        "templated base path  | bots: {p: {control: {base_url: 'http://h:1/{{bot}}'}}}"
            + " | bots.p.control.base_url must not use templates",
        "freqtrade host       | bots: {p: {freqtrade: {base_url: 'http://{{h}}:8080', username: u,"
            + " password: {env: P}}}} | bots.p.freqtrade.base_url must not use templates",
        "path names a host    | bots: {p: {control: {base_url: 'http://h:1', endpoints: {x: {path:"
            + " '//{{host}}/x'}}}}} | bots.p.control.endpoints.x.path must start with a single /",
        "path climbs          | bots: {p: {control: {base_url: 'http://h:1', endpoints: {x: {path:"
            + " '/a/../{{c}}'}}}}} | bots.p.control.endpoints.x.path must not have a '..' segment",
        "endpoint body        | bots: {p: {control: {base_url: 'http://h:1', endpoints: {x: {body:"
            + " '{\"c\": {{c}}}'}}}}} | bots.p.control.endpoints.x.body is not JSON",
        "step body            | playbooks: {medium: {steps: [{action: http, endpoint: x, body:"
            + " 'component={{component}}'}]}} | playbooks.medium.steps[0].body is not JSON",
        "body key             | playbooks: {medium: {steps: [{action: http, endpoint: x, body:"
            + " '{\"{{k}}\": 1}'}]}} | playbooks.medium.steps[0].body uses a placeholder in the"
            + " key",
        "restore dir          | bots: {p: {config_restore: {path: '/srv/{{component}}/c.json',"
            + " known_good: /srv/good.json}}} | bots.p.config_restore.path uses {{component}} in"
            + " its directory part",
        "known-good dir       | bots: {p: {config_restore: {path: /srv/c.json, known_good:"
            + " '/srv/{{alertname}}/good.json'}}} | bots.p.config_restore.known_good uses"
            + " {{alertname}}",
        "backup dir           | bots: {p: {config_restore: {path: /srv/c.json, known_good:"
            + " /srv/g.json, backup_dir: '/srv/{{x}}/b'}}} | bots.p.config_restore.backup_dir"
            + " uses {{x}}",
        "step restore dir     | playbooks: {r: {steps: [{action: restore_file, path:"
            + " '/{{a}}/c.json', known_good: /g.json}]}} | playbooks.r.steps[0].path uses {{a}}",
        "program templated    | bots: {p: {restart: {argv: ['/srv/{{bot}}/restart']}}}"
            + " | bots.p.restart.argv[0] must not use templates",
        "step program         | playbooks: {c: {steps: [{action: command, argv: ['{{prog}}',"
            + " x]}]}} | playbooks.c.steps[0].argv[0] must not use templates",
        "bad placeholder      | playbooks: {c: {steps: [{action: command, argv: [echo,"
            + " '{{ not-a-label }}']}]}} | playbooks.c.steps[0].argv[1] has '{{' at position 0",
        "email subject        | playbooks: {m: {steps: [{action: email, subject: 'x {{'}]}}"
            + " | playbooks.m.steps[0].subject has '{{' at position 2",
        "chat text            | playbooks: {m: {steps: [{action: webhook, text: '{{}}'}]}}"
            + " | playbooks.m.steps[0].text has '{{' at position 0",
        "override bot         | overrides: [{match: {alertname: HostCpuHigh}, playbook: hard,"
            + " bot: nobody}] | overrides[0].bot names no configured bot",
        "bot named ..         | bots: {'..': {control: {base_url: 'http://h:1'}}}"
            + " | bots... is not a valid bot name",
        "bot with dash first  | bots: {'-x': {control: {base_url: 'http://h:1'}}}"
            + " | bots.-x is not a valid bot name",
        "bot with dot first   | bots: {'.x': {control: {base_url: 'http://h:1'}}}"
            + " | bots..x is not a valid bot name",
      })
  void rejected(String name, String yaml, String expected) {
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(expected);
  }

  @Test
  void templatesWhereLabelsAreSafeAreAccepted() {
    ResponderConfig c =
        parse(
            """
            bots:
              paper:
                control:
                  base_url: "http://127.0.0.1:9330/api"
                  endpoints:
                    restart-component:
                      path: "/components/{{component}}/restart?why={{alertname}}"
                      body: '{"component": "{{component}}", "bot": "{{bot}}", "n": [1, true]}'
                restart: {argv: [systemctl, restart, "bot-{{bot}}@{{component}}"]}
                config_restore:
                  path: "/srv/bots/{{bot}}/{{component}}.json"
                  known_good: "/srv/good/{{bot}}/{{component}}.json"
                  backup_dir: "/srv/backups/{{bot}}"
            overrides:
              - {match: {alertname: HostCpuHigh}, playbook: hard, bot: paper}
            playbooks:
              note:
                steps:
                  - {action: email, subject: "{{alertname}} on {{bot}}", body: "{{ component }}"}
                  - {action: webhook, text: "{{alertname}}"}
            """);
    assertThat(c.overrides().get(0).bot()).isEqualTo("paper");
    // The built-in medium playbook's body is a valid JSON template.
    assertThat(c.playbooks().get("medium").steps().get(0))
        .isEqualTo(
            new StepConfig.Http("restart-component", "{\"component\": \"{{component}}\"}", false));
  }
}
