package io.tollgate.core.pipeline;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.tollgate.testsupport.MutableTimeMeter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RateLimitedLogTest {

    private final Logger logger = (Logger) LoggerFactory.getLogger("rate-limited-log-test");
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final MutableTimeMeter time = MutableTimeMeter.now();

    @BeforeEach
    void attach() {
        logger.setLevel(Level.INFO);
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void detach() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodWritesTheMinutesLinesThenCountsWhatItDropped() {
        RateLimitedLog log = new RateLimitedLog(logger, 3, time);
        for (int i = 0; i < 10; i++) {
            log.warn("failure {}", i);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("failure 0", "failure 1", "failure 2");
        assertThat(log.suppressed()).isEqualTo(7);

        // a third of a minute later, one line's worth has come back: it says how many were dropped
        time.advance(Duration.ofSeconds(20));
        log.warn("failure {}", 10);
        log.warn("failure {}", 11);
        assertThat(lines.list).hasSize(4);
        assertThat(lines.list.get(3).getFormattedMessage()).isEqualTo("failure 10 (7 similar lines suppressed)");
        assertThat(lines.list).allSatisfy(e -> {
            assertThat(e.getLevel()).isEqualTo(Level.WARN);
            assertThat(e.getThrowableProxy()).isNull();
        });
        assertThat(log.suppressed()).isEqualTo(1);

        time.advance(Duration.ofMinutes(1));
        log.warn("calm again");
        assertThat(lines.list.get(4).getFormattedMessage()).isEqualTo("calm again (1 similar lines suppressed)");
    }

    @Test
    void nothingIsCountedWhenWarnIsOff() {
        logger.setLevel(Level.ERROR);
        RateLimitedLog log = new RateLimitedLog(logger, 1, time);
        log.warn("a");
        log.warn("b");
        assertThat(lines.list).isEmpty();
        assertThat(log.suppressed()).isZero();
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new RateLimitedLog(logger, 0, time)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("linesPerMinute");
    }
}
