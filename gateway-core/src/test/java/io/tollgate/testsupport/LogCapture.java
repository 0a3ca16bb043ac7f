package io.tollgate.testsupport;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The lines logged to a logger (and below it) while it is open, as Logback events; closing it stops capturing. */
public final class LogCapture implements AutoCloseable {

    private final Logger logger;
    private final List<ILoggingEvent> events = new CopyOnWriteArrayList<>();
    private final AppenderBase<ILoggingEvent> appender = new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            events.add(event);
        }
    };

    private LogCapture(Logger logger) {
        this.logger = logger;
        appender.start();
        logger.addAppender(appender);
    }

    /** Captures {@code type}'s logger. */
    public static LogCapture of(Class<?> type) {
        return new LogCapture((Logger) LoggerFactory.getLogger(type));
    }

    /** Captures every logger. */
    public static LogCapture all() {
        return new LogCapture((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME));
    }

    /** The lines so far. */
    public List<ILoggingEvent> lines() {
        return List.copyOf(events);
    }

    /** The lines so far at WARN or above. */
    public List<ILoggingEvent> warnings() {
        return lines().stream().filter(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).toList();
    }

    /** The lines so far whose message contains {@code text}. */
    public List<ILoggingEvent> containing(String text) {
        return lines().stream().filter(e -> e.getFormattedMessage().contains(text)).toList();
    }

    @Override
    public void close() {
        logger.detachAppender(appender);
    }
}
