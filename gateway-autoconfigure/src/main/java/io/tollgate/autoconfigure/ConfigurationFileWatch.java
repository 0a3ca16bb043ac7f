package io.tollgate.autoconfigure;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.env.PropertySourceLoader;
import org.springframework.context.SmartLifecycle;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ByteArrayResource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows a file of API definitions ({@code tollgate.deployments.watch.file}): {@link #check()} reads it and, when its
 * content changed since it was last read, loads it with Spring Boot's own loader of its kind (so it means what it would
 * in {@code application.yml} or {@code application.properties}) and deploys the APIs that changed in it
 * ({@link ConfigurationDeployer}). It is checked once when the context starts, before the server, then every
 * {@code interval} on a daemon thread of its own, which stops with the context. A file that is missing, unreadable or
 * not valid YAML changes nothing and is logged once, until it changes.
 */
final class ConfigurationFileWatch implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ConfigurationFileWatch.class);

    private final Path file;
    private final PropertySourceLoader loader;
    private final Duration interval;
    private final ConfigurationDeployer deployer;
    /** The digest of the content last read and dealt with (null: none yet). */
    private byte @Nullable [] digest;
    /** Why the file could not be read at the last check (null: it could): logged once. */
    private @Nullable String unreadable;
    private volatile @Nullable ScheduledExecutorService scheduler;

    ConfigurationFileWatch(Path file, PropertySourceLoader loader, Duration interval, ConfigurationDeployer deployer) {
        this.file = file;
        this.loader = loader;
        this.interval = interval;
        this.deployer = deployer;
    }

    /** The file watched. */
    Path file() {
        return file;
    }

    /**
     * Reads the file and deploys what changed in it since it was last read; nothing when its content is the same. Never
     * throws: what goes wrong is logged.
     */
    synchronized ConfigurationDeployer.Outcome check() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof NoSuchFileException ? "it does not exist" : e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
            if (!reason.equals(unreadable)) {
                log.warn("Configuration file {} cannot be read ({}); nothing changed", file, reason);
                unreadable = reason;
            }
            return ConfigurationDeployer.Outcome.NOTHING;
        }
        unreadable = null;
        byte[] read = sha256(content);
        if (Arrays.equals(read, digest)) {
            return ConfigurationDeployer.Outcome.NOTHING;
        }
        List<PropertySource<?>> documents;
        try {
            documents = loader.load("configuration file " + file, resource(content));
        } catch (IOException | RuntimeException e) {
            log.warn("Configuration file {} cannot be loaded; nothing changed: {}", file, e.getMessage());
            digest = read;
            return ConfigurationDeployer.Outcome.NOTHING;
        }
        // as in application.yml, a later document wins over an earlier one
        List<PropertySource<?>> precedence = new ArrayList<>(documents);
        Collections.reverse(precedence);
        ConfigurationDeployer.Outcome outcome = deployer.apply(ConfigurationDeployer.definitions(precedence));
        if (!outcome.retry()) {
            digest = read;
        }
        return outcome;
    }

    /** {@link #check()} on the watch's thread: an unexpected failure is logged and the next check goes on. */
    private void scheduledCheck() {
        try {
            check();
        } catch (RuntimeException e) {
            log.error("Configuration file {} could not be checked", file, e);
        }
    }

    /** The content read, named as the file (the properties loader tells XML by the file's name). */
    private ByteArrayResource resource(byte[] content) {
        String name = String.valueOf(file.getFileName());
        return new ByteArrayResource(content, "file [" + file + "]") {
            @Override
            public String getFilename() {
                return name;
            }
        };
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }

    @Override
    public void start() {
        scheduledCheck();
        ScheduledExecutorService started = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tollgate-configuration-watch");
            thread.setDaemon(true);
            return thread;
        });
        long millis = interval.toMillis();
        started.scheduleWithFixedDelay(this::scheduledCheck, millis, millis, TimeUnit.MILLISECONDS);
        scheduler = started;
    }

    @Override
    public void stop() {
        ScheduledExecutorService started = scheduler;
        if (started != null) {
            started.shutdownNow();
            scheduler = null;
        }
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Before the web server starts (so the first request sees the file), and stopped after it. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }
}
