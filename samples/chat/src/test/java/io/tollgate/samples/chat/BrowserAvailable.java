package io.tollgate.samples.chat;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Whether Debian's {@code chromium} and {@code chromium-driver} are installed. Without them the browser test fails on
 * CI ({@code CI=true}, where .ci/run installs them, so a missing one is a broken build) and is skipped elsewhere.
 */
final class BrowserAvailable {

    private BrowserAvailable() {
    }

    static void require(String... executables) {
        for (String executable : executables) {
            if (!Files.isExecutable(Path.of(executable))) {
                String message = executable + " is not installed (apt-get install chromium chromium-driver)";
                if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new AssertionError(message + ": CI=true, so the browser test fails instead of being skipped");
                }
                Assumptions.assumeTrue(false, message + ": skipping (set CI=true to fail instead)");
            }
        }
    }
}
