package io.tollgate.testsupport;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Whether the test Redis (127.0.0.1:6379) can be reached. Without it, tests that need it fail on CI
 * ({@code CI=true}, where .ci/run starts Redis, so a missing one is a broken build) and are skipped elsewhere.
 */
public final class RedisAvailable {

    public static final String HOST = "127.0.0.1";
    public static final int PORT = 6379;

    private RedisAvailable() {
    }

    /** Returns when Redis answers a connection; otherwise fails (CI) or aborts the test (a developer's machine). */
    public static void require() {
        require(HOST, PORT, System.getenv("CI"));
    }

    /** {@link #require()} for Redis at {@code host:port}, with {@code ci} as the value of {@code CI}. */
    static void require(String host, int port, String ci) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
        } catch (IOException e) {
            unavailable("Redis is not reachable at " + host + ":" + port + " (" + e.getMessage() + ")", "Redis tests", ci, e);
        }
    }

    /**
     * The decision of every {@code require()} of the test Redis setups when one is missing: fails with
     * {@code message} when {@code ci} (the value of {@code CI}) is {@code true}, saying that {@code tests} fail
     * rather than being skipped; otherwise aborts the test (JUnit reports it skipped).
     */
    static void unavailable(String message, String tests, String ci, Throwable cause) {
        if ("true".equalsIgnoreCase(ci)) {
            throw new AssertionError(message + ": CI=true, so the " + tests + " fail instead of being skipped", cause);
        }
        Assumptions.assumeTrue(false, message + ": skipping (set CI=true to fail instead)");
    }
}
