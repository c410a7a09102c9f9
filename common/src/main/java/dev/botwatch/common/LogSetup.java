package dev.botwatch.common;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logging for every program, set up in code (logback finds it as a service): one line per event on
 * stderr, {@code io.netty} at WARN, the root level from {@code BOTWATCH_LOG_LEVEL} (default INFO).
 * Our code never logs payloads or secrets.
 *
 * <p>Code rather than logback.xml because reading the XML loads logback's configuration model and
 * the JDK's XML parser, ~600 classes (~5 MiB resident, ~0.1 s of start) for four settings. {@code
 * -Dlogback.configurationFile=...} still wins: then this steps aside and logback reads that file.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{ISO8601} %-5level [%thread] %logger{24} %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext ctx) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(ctx);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(ctx);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getenv("BOTWATCH_LOG_LEVEL"), Level.INFO));
    root.addAppender(stderr);
    ctx.getLogger("io.netty").setLevel(Level.WARN);
    ctx.getLogger("io.vertx").setLevel(Level.INFO);
    // Flyway narrates every start; the responder logs a schema change itself, once.
    ctx.getLogger("org.flywaydb").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
