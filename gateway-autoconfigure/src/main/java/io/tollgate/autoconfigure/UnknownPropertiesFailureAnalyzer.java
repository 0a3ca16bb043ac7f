package io.tollgate.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains unknown {@code tollgate.*} properties at startup: each one, where it is written, and the nearest name. */
final class UnknownPropertiesFailureAnalyzer extends AbstractFailureAnalyzer<UnknownPropertiesException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnknownPropertiesException cause) {
        return new FailureAnalysis(cause.getMessage(), "Correct or remove each property named above, in the file and"
                + " line given (names are kebab-case, as in the configuration reference). A misspelled key is not"
                + " ignored: it may be a security setting such as api-key-required. To let unknown tollgate.*"
                + " properties through, set tollgate.fail-on-unknown-properties=false.", cause);
    }
}
