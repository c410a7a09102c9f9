package dev.botwatch.rules;

import static dev.botwatch.rules.Catalog.a;
import static dev.botwatch.rules.Cmp.GT;
import static dev.botwatch.rules.Cmp.LT;

import java.util.List;

/** The rest of the catalog: scanning, exchange API and connectivity, files, host, botwatch. */
final class CatalogMore {
  private CatalogMore() {}

  static List<AlertSpec> scanning() {
    return List.of(
        a("BotScanSlow", "scanning")
            .recovery("medium")
            .kind(Kind.SECONDS)
            .condition("mean scan duration over 15m")
            .level("warning", GT, "bot:scan_duration_seconds:mean15m > %T%")
            .level("critical", GT, "bot:scan_duration_seconds:mean15m > %T%")
            .text(
                "Bot {{ $labels.bot }}: scans slow",
                "Scans of bot {{ $labels.bot }} took %VALUE% on average over 15m (threshold %T%).")
            .settle("15m")
            .scenario(p -> Scenarios.mean(p, "bot_scan_duration_seconds")),
        a("BotTokenDiscoveryLow", "scanning")
            .recovery("medium")
            .kind(Kind.NUMBER)
            .condition("mean tokens discovered per scan over 30m")
            .level("warning", LT, "bot:scan_tokens_discovered_per_scan:ratio_rate30m < %T%")
            .level("critical", LT, "bot:scan_tokens_discovered_per_scan:ratio_rate30m < %T%")
            .text(
                "Bot {{ $labels.bot }}: few tokens discovered",
                "Scans of bot {{ $labels.bot }} discovered %VALUE% tokens each on average over 30m (threshold %T%).")
            .settle("30m")
            .scenario(
                p -> {
                  p.counter("bot_scans_total", 1);
                  p.counter("bot_scan_tokens_discovered_total", p.v());
                }),
        a("BotApprovalRateLow", "scanning")
            .recovery("medium")
            .kind(Kind.RATIO)
            .condition(
                "approved / discovered tokens over 30m, with at least `min_discovered` discovered")
            .level(
                "warning",
                LT,
                "bot:scan_tokens_approved:ratio_rate30m < %T% and on (bot) bot:scan_tokens_discovered:increase30m >= %min_discovered%")
            .level(
                "critical",
                LT,
                "bot:scan_tokens_approved:ratio_rate30m < %T% and on (bot) bot:scan_tokens_discovered:increase30m >= %min_discovered%")
            .text(
                "Bot {{ $labels.bot }}: token approval rate low",
                "Bot {{ $labels.bot }} approved %VALUE% of the tokens it discovered over 30m (threshold %T%, at least %min_discovered% discovered).")
            .settle("30m")
            .scenario(
                p -> {
                  p.counter("bot_scan_tokens_discovered_total", 100);
                  p.counter("bot_scan_tokens_approved_total", 100 * p.v());
                })
            .gate(
                "too_few_tokens",
                p -> {
                  p.counter("bot_scan_tokens_discovered_total", 1);
                  p.counter("bot_scan_tokens_approved_total", p.v());
                }));
  }

  static List<AlertSpec> api() {
    // 10,000 requests a minute, a share v of them failing (errors and timeouts alike).
    Probe.Scenario errors =
        p -> {
          p.counter(
              "bot_api_requests_total",
              10000 * (1 - p.v()),
              "api",
              "binance",
              "outcome",
              "success");
          p.counter("bot_api_requests_total", 5000 * p.v(), "api", "binance", "outcome", "error");
          p.counter("bot_api_requests_total", 5000 * p.v(), "api", "binance", "outcome", "timeout");
        };
    Probe.Scenario fewRequests =
        p -> {
          p.counter(
              "bot_api_requests_total", 10 * (1 - p.v()), "api", "binance", "outcome", "success");
          p.counter(
              "bot_api_requests_total", 10 * p.v(), "api", "binance", "outcome", "rate_limited");
        };
    String errorRate =
        "bot:api_errors:ratio_rate5m > %T% and on (bot) bot:api_requests:increase5m >= %BotApiErrorRateHigh.min_requests%";
    return List.of(
        a("BotApiErrorRateHigh", "api")
            .recovery("soft")
            .kind(Kind.RATIO)
            .condition(
                "failed / all API requests over 5m (error, timeout and rate_limited are failures), with at least `min_requests` requests")
            .level("warning", GT, errorRate)
            .level("critical", GT, errorRate)
            .text(
                "Bot {{ $labels.bot }}: API error rate high",
                "%VALUE% of the API requests of bot {{ $labels.bot }} failed over 5m (threshold %T%, at least %BotApiErrorRateHigh.min_requests% requests).")
            .scenario(errors)
            .gate("too_few_requests", fewRequests),
        a("BotApiErrorRateEmergency", "api")
            .recovery("emergency_stop")
            .kind(Kind.RATIO)
            .productionOnly()
            .condition("API error ratio over 5m above a multiple of BotApiErrorRateHigh's critical")
            .level(
                "critical",
                GT,
                (th, pr) ->
                    Math.min(
                        1,
                        th.num("BotApiErrorRateHigh", "critical", pr)
                            * th.num("BotApiErrorRateEmergency", "factor_of_critical", pr)),
                errorRate)
            .text(
                "Bot {{ $labels.bot }}: API error emergency",
                "%VALUE% of the API requests of bot {{ $labels.bot }} failed over 5m (emergency threshold %T%); trading is being stopped.")
            .scenario(errors)
            .gate("too_few_requests", fewRequests),
        a("BotApiLatencyHigh", "api")
            .recovery("soft")
            .kind(Kind.SECONDS)
            .condition("mean API request duration over 5m")
            .level("warning", GT, "bot:api_request_duration_seconds:mean5m > %T%")
            .level("critical", GT, "bot:api_request_duration_seconds:mean5m > %T%")
            .text(
                "Bot {{ $labels.bot }}: API latency high",
                "API requests of bot {{ $labels.bot }} took %VALUE% on average over 5m (threshold %T%).")
            .scenario(p -> Scenarios.mean(p, "bot_api_request_duration_seconds", "api", "binance")),
        a("BotApiRateLimitNear", "api")
            .kind(Kind.RATIO)
            .condition("share of the API rate limit in use (`bot_api_rate_limit_usage_ratio`)")
            .level("warning", GT, "bot_api_rate_limit_usage_ratio > %T%")
            .level("critical", GT, "bot_api_rate_limit_usage_ratio > %T%")
            .text(
                "Bot {{ $labels.bot }}: near the {{ $labels.api }} rate limit",
                "Bot {{ $labels.bot }} uses %VALUE% of its {{ $labels.api }} rate limit (threshold %T%).")
            .fixed("api", "binance")
            .scenario(p -> p.gauge("bot_api_rate_limit_usage_ratio", p.v())),
        a("BotWebsocketReconnects", "api")
            .recovery("soft")
            .kind(Kind.COUNT)
            .condition("websocket reconnects in 1h")
            .level(
                "warning",
                GT,
                "sum by (bot, stream) (increase(bot_websocket_reconnects_total[1h])) > %T%")
            .text(
                "Bot {{ $labels.bot }}: websocket {{ $labels.stream }} reconnecting",
                "Websocket {{ $labels.stream }} of bot {{ $labels.bot }} reconnected %VALUE% times in 1h (threshold %T%).")
            .fixed("stream", "prices")
            .settle("1h")
            .scenario(p -> p.counter("bot_websocket_reconnects_total", p.v() / 60)),
        a("BotWebsocketLatencyHigh", "api")
            .kind(Kind.SECONDS)
            .condition("websocket latency (`bot_websocket_latency_seconds`)")
            .level("warning", GT, "bot_websocket_latency_seconds > %T%")
            .text(
                "Bot {{ $labels.bot }}: websocket {{ $labels.stream }} latency high",
                "Websocket {{ $labels.stream }} of bot {{ $labels.bot }} has a latency of %VALUE% (threshold %T%).")
            .fixed("stream", "prices")
            .scenario(p -> p.gauge("bot_websocket_latency_seconds", p.v())),
        a("BotWebsocketDisconnected", "api")
            .recovery("soft")
            .condition("websocket not connected (`bot_websocket_connected == 0`)")
            .when("critical", "bot_websocket_connected == 0")
            .text(
                "Bot {{ $labels.bot }}: websocket {{ $labels.stream }} disconnected",
                "Websocket {{ $labels.stream }} of bot {{ $labels.bot }} has been disconnected for %FOR%.")
            .fixed("stream", "prices")
            .scenario(p -> Scenarios.state(p, "bot_websocket_connected", 0, 1)),
        a("BotProbeFailed", "api")
            .condition("an HTTP/TCP/DNS/DB probe fails (`bot_probe_success == 0`)")
            .when("critical", "bot_probe_success == 0")
            .text(
                "Bot {{ $labels.bot }}: probe {{ $labels.target }} failing",
                "The {{ $labels.kind }} probe {{ $labels.target }} of bot {{ $labels.bot }} has been failing for %FOR%.")
            .fixed("target", "exchange")
            .fixed("kind", "http")
            .scenario(p -> Scenarios.state(p, "bot_probe_success", 0, 1)),
        a("BotProbeSlow", "api")
            .kind(Kind.SECONDS)
            .condition("probe duration (`bot_probe_duration_seconds`)")
            .level("warning", GT, "bot_probe_duration_seconds > %T%")
            .text(
                "Bot {{ $labels.bot }}: probe {{ $labels.target }} slow",
                "The {{ $labels.kind }} probe {{ $labels.target }} of bot {{ $labels.bot }} took %VALUE% (threshold %T%).")
            .fixed("target", "exchange")
            .fixed("kind", "http")
            .scenario(p -> p.gauge("bot_probe_duration_seconds", p.v())));
  }

  static List<AlertSpec> files() {
    return List.of(
        a("BotDataStale", "files")
            .recovery("refresh_data")
            .kind(Kind.STALE)
            .condition(
                "a data source not updated within the window (`bot_data_updated_timestamp_seconds`)")
            .level(
                "warning",
                GT,
                "time() - bot_data_updated_timestamp_seconds"
                    + " unless changes(bot_data_updated_timestamp_seconds[%W%]) > 0")
            .text(
                "Bot {{ $labels.bot }}: {{ $labels.source }} data stale",
                "The {{ $labels.source }} data of bot {{ $labels.bot }} was last updated %VALUE% ago (threshold %T%).")
            .fixed("source", "prices")
            .scenario(p -> Scenarios.updatedUntil(p, "bot_data_updated_timestamp_seconds")),
        a("BotConfigInvalid", "files")
            .recovery("restore_config")
            .condition("config file missing or unparsable (`bot_config_valid == 0`)")
            .when("critical", "bot_config_valid == 0")
            .text(
                "Bot {{ $labels.bot }}: config {{ $labels.file }} invalid",
                "Config file {{ $labels.file }} of bot {{ $labels.bot }} has been missing or unparsable for %FOR%.")
            .fixed("file", "config.json")
            .scenario(p -> Scenarios.state(p, "bot_config_valid", 0, 1)),
        a("BotFileNotWritable", "files")
            .condition("a critical file is not writable (`bot_file_writable == 0`)")
            .when("critical", "bot_file_writable == 0")
            .text(
                "Bot {{ $labels.bot }}: {{ $labels.file }} not writable",
                "File {{ $labels.file }} of bot {{ $labels.bot }} has not been writable for %FOR%.")
            .fixed("file", "trades.sqlite")
            .scenario(p -> Scenarios.state(p, "bot_file_writable", 0, 1)),
        a("BotLogFileLarge", "files")
            .kind(Kind.BYTES)
            .condition("log file size (`bot_log_file_size_bytes`)")
            .level("warning", GT, "bot_log_file_size_bytes > %T%")
            .text(
                "Bot {{ $labels.bot }}: log file {{ $labels.file }} large",
                "Log file {{ $labels.file }} of bot {{ $labels.bot }} is %VALUE% (threshold %T%); is rotation working?")
            .fixed("file", "bot.log")
            .scenario(p -> p.gauge("bot_log_file_size_bytes", p.v())));
  }

  static List<AlertSpec> host() {
    return List.of(
        a("HostCpuHigh", "host")
            .kind(Kind.RATIO)
            .condition("host CPU usage (`system_cpu_usage_ratio`)")
            .level("warning", GT, "system_cpu_usage_ratio > %T%")
            .level("critical", GT, "system_cpu_usage_ratio > %T%")
            .text(
                "Host {{ $labels.instance }}: CPU high",
                "CPU usage on {{ $labels.instance }} is %VALUE% (threshold %T%).")
            .subject("instance")
            .scenario(p -> p.gauge("system_cpu_usage_ratio", p.v()))
            .topBot(TopBot.cpu()),
        a("HostMemoryHigh", "host")
            .kind(Kind.RATIO)
            .condition("host memory in use, 1 − available / total")
            .level("warning", GT, "instance:system_memory_used:ratio > %T%")
            .level("critical", GT, "instance:system_memory_used:ratio > %T%")
            .text(
                "Host {{ $labels.instance }}: memory high",
                "Memory in use on {{ $labels.instance }} is %VALUE% (threshold %T%).")
            .subject("instance")
            .scenario(
                p -> {
                  p.gauge("system_memory_total_bytes", 1000);
                  p.gauge("system_memory_available_bytes", 1000 - 1000 * p.v());
                })
            .topBot(TopBot.memory()),
        a("HostDiskHigh", "host")
            .kind(Kind.RATIO)
            .condition("filesystem space used, 1 − avail / size, per mountpoint")
            .level("warning", GT, "instance_mountpoint:system_filesystem_used:ratio > %T%")
            .level("critical", GT, "instance_mountpoint:system_filesystem_used:ratio > %T%")
            .text(
                "Host {{ $labels.instance }}: disk {{ $labels.mountpoint }} filling up",
                "Filesystem {{ $labels.mountpoint }} on {{ $labels.instance }} is %VALUE% full (threshold %T%).")
            .subject("instance")
            .fixed("mountpoint", "/")
            .scenario(
                p -> {
                  p.gauge("system_filesystem_size_bytes", 1000);
                  p.gauge("system_filesystem_avail_bytes", 1000 - 1000 * p.v());
                }));
  }

  static List<AlertSpec> botwatch() {
    return List.of(
        a("BotwatchExporterDown", "botwatch")
            .condition(
                "Prometheus cannot scrape the exporter (`up{job=\"botwatch-exporter\"} == 0`)")
            .when("critical", "up{job=\"botwatch-exporter\"} == 0")
            .text(
                "botwatch exporter {{ $labels.instance }} down",
                "Prometheus has not scraped the botwatch exporter at {{ $labels.instance }} for %FOR%; bot alerts are blind.")
            .subject("instance")
            .fixed("job", "botwatch-exporter")
            .scenario(p -> Scenarios.state(p, "up", 0, 1)),
        a("BotwatchResponderDown", "botwatch")
            .condition(
                "Prometheus cannot scrape the responder (`up{job=\"botwatch-responder\"} == 0`)")
            .when("critical", "up{job=\"botwatch-responder\"} == 0")
            .text(
                "botwatch responder {{ $labels.instance }} down",
                "Prometheus has not scraped the botwatch responder at {{ $labels.instance }} for %FOR%; nothing repairs the bots.")
            .subject("instance")
            .fixed("job", "botwatch-responder")
            .scenario(p -> Scenarios.state(p, "up", 0, 1)),
        a("BotwatchCollectorFailing", "botwatch")
            .condition("an exporter collector fails (`botwatch_collector_success == 0`)")
            .when("warning", "botwatch_collector_success == 0")
            .text(
                "botwatch collector {{ $labels.collector }} failing",
                "The exporter's {{ $labels.collector }} collector has been failing for %FOR%; its metrics are missing.")
            .subject("collector")
            .scenario(p -> Scenarios.state(p, "botwatch_collector_success", 0, 1)),
        a("BotwatchRecoveryFailing", "botwatch")
            .kind(Kind.COUNT)
            .condition("failed responder actions in 1h")
            .level(
                "critical",
                GT,
                "sum by (bot) (increase(responder_actions_total{outcome=\"failure\"}[1h])) > %T%")
            .text(
                "Bot {{ $labels.bot }}: recovery actions failing",
                "%VALUE% recovery actions for bot {{ $labels.bot }} failed in the last hour (threshold %T%); it needs a person.")
            .settle("1h")
            .scenario(
                p -> {
                  p.counter(
                      "responder_actions_total",
                      p.v() / 60,
                      "playbook",
                      "soft",
                      "action",
                      "reset-connections",
                      "outcome",
                      "failure");
                  p.counter(
                      "responder_actions_total",
                      1,
                      "playbook",
                      "soft",
                      "action",
                      "reset-connections",
                      "outcome",
                      "success");
                }),
        a("Watchdog", "botwatch")
            .condition("always firing (`vector(1)`): the responder alarms when it stops arriving")
            .when("warning", "vector(1)")
            .text(
                "Alerting pipeline heartbeat",
                "Always firing so the responder can tell that Prometheus and Alertmanager work; it raises the alarm when this stops arriving.")
            .subject()
            .alwaysFiring());
  }
}
