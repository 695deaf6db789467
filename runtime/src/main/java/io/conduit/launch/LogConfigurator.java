package io.conduit.launch;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Conduit's logging set-up, in code (found by logback as a {@link Configurator} service) instead
 * of a {@code logback.xml}: reading XML makes logback load an XML parser and its configuration
 * framework, several hundred classes, which was a second of a busy machine's start-up. Rules:
 * <ul>
 *   <li>Every entry goes to stderr as {@value #PATTERN}.</li>
 *   <li>The root level is the system property {@code conduit.log.level} (default INFO);
 *       {@code io.netty} and {@code io.vertx} log at WARN.</li>
 *   <li>With the system property {@code logback.configurationFile} set, logback's own
 *       configurators read that file instead (a user's own logging set-up).</li>
 * </ul>
 */
public final class LogConfigurator extends ContextAwareBase implements Configurator {
  /** The layout of one log line. */
  public static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{24} - %msg%n";
  /** System property with the root log level. */
  public static final String LEVEL_PROPERTY = "conduit.log.level";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
    stderr.setContext(context);
    stderr.setName("STDERR");
    stderr.setTarget("System.err");
    stderr.setEncoder(encoder);
    stderr.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY, "INFO"), Level.INFO));
    root.addAppender(stderr);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("io.vertx").setLevel(Level.WARN);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }
}
