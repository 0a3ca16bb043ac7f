package io.tollgate.core.observability;

import io.tollgate.testsupport.Await;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The access log's hand-off from the event loops to its writer thread. */
class AccessLogWriterTest {

    private static final String NAME = "tollgate.access.writer-test";

    private final Logger logger = (Logger) LoggerFactory.getLogger(NAME);
    private final Logger warnings = (Logger) LoggerFactory.getLogger(AccessLogWriter.class);
    /**
     * Logback names an event's thread lazily, on the first {@code getThreadName()}: a test thread reading an event
     * that no appender prepared yet would name itself. This appender names the thread that logged, as it appends.
     */
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>() {
        @Override
        protected void append(ILoggingEvent event) {
            event.prepareForDeferredProcessing();
            super.append(event);
        }
    };
    private final ListAppender<ILoggingEvent> warned = new ListAppender<>();
    private final List<AccessLogWriter> writers = new ArrayList<>();

    @BeforeEach
    void attach() {
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
        warned.start();
        warnings.addAppender(warned);
    }

    @AfterEach
    void detach() {
        writers.forEach(AccessLogWriter::close);
        logger.detachAppender(lines);
        logger.detachAndStopAllAppenders();
        warnings.detachAppender(warned);
    }

    private AccessLogWriter writer(int capacity, Duration interval) {
        AccessLogWriter writer = new AccessLogWriter(capacity, interval);
        writers.add(writer);
        return writer;
    }

    private List<String> messages() {
        return lines.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void linesWaitForTheWriterAndKeepTheirOrder() {
        // an interval longer than the test: only flush() writes
        AccessLogWriter writer = writer(100, Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            writer.write(logger, "line " + i);
        }
        assertThat(lines.list).isEmpty();
        assertThat(writer.queued()).isEqualTo(10);
        writer.flush();
        assertThat(messages()).containsExactly("line 0", "line 1", "line 2", "line 3", "line 4", "line 5", "line 6",
                "line 7", "line 8", "line 9");
        assertThat(lines.list).allSatisfy(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.INFO);
            assertThat(event.getLoggerName()).isEqualTo(NAME);
        });
        assertThat(writer.queued()).isZero();
    }

    @Test
    void theWriterThreadWritesOnItsOwnSchedule() {
        AccessLogWriter writer = writer(100, Duration.ofMillis(5));
        writer.write(logger, "from a request");
        await(() -> lines.list.size() == 1);
        assertThat(lines.list.get(0).getThreadName()).isEqualTo("tollgate-access-log");
        assertThat(messages()).containsExactly("from a request");
    }

    @Test
    void aFullBufferDropsLinesCountsAndWarnsInsteadOfWaiting() {
        AccessLogWriter writer = writer(3, Duration.ofHours(1));
        for (int i = 0; i < 5; i++) {
            writer.write(logger, "line " + i);
        }
        assertThat(writer.dropped()).isEqualTo(2);
        assertThat(warned.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).isEqualTo("The access log cannot keep up: 1 lines dropped so far (3 lines wait to be written)");
        });
        writer.flush();
        assertThat(messages()).containsExactly("line 0", "line 1", "line 2");
        writer.write(logger, "after");
        writer.flush();
        assertThat(messages()).endsWith("after");
        assertThat(writer.dropped()).isEqualTo(2);
    }

    @Test
    void closeWritesWhatWaitsThenLinesAreWrittenAtOnce() {
        AccessLogWriter writer = new AccessLogWriter(100, Duration.ofHours(1));
        writer.write(logger, "queued");
        writer.close();
        assertThat(messages()).containsExactly("queued");
        writer.write(logger, "after close");
        assertThat(messages()).containsExactly("queued", "after close");
        assertThat(lines.list.get(1).getThreadName()).isEqualTo(Thread.currentThread().getName());
    }

    @Test
    void aLoggerThatThrowsDoesNotStopTheWriter() {
        List<String> written = new java.util.concurrent.CopyOnWriteArrayList<>();
        org.slf4j.Logger failing = (org.slf4j.Logger) java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[]{org.slf4j.Logger.class}, (proxy, method, args) -> {
                    if (method.getName().equals("info") && args.length == 1) {
                        if ("boom".equals(args[0])) {
                            throw new IllegalStateException("disk full");
                        }
                        written.add((String) args[0]);
                    }
                    return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
                });
        AccessLogWriter writer = writer(100, Duration.ofMillis(5));
        writer.write(failing, "boom");
        writer.write(failing, "next");
        await(() -> written.size() == 1);
        writer.write(failing, "still written");
        await(() -> written.size() == 2);
        assertThat(written).containsExactly("next", "still written");
    }

    @Test
    void capacityAndIntervalAreChecked() {
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessLogWriter(0, Duration.ofMillis(100)))
                .withMessage("the access log buffer holds at least 1 line, not 0");
        assertThatIllegalArgumentException().isThrownBy(() -> new AccessLogWriter(10, Duration.ZERO))
                .withMessage("the access log flush interval must be positive, not PT0S");
    }

    private static void await(BooleanSupplier condition) {
        Await.until("the access log writer", condition);
    }
}
