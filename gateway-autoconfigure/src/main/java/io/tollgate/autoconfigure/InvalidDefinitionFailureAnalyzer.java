package io.tollgate.autoconfigure;

import io.tollgate.core.api.InvalidDefinitionException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains an invalid gateway configuration at startup: every problem, with the property that causes it. */
final class InvalidDefinitionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidDefinitionException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, InvalidDefinitionException cause) {
        return new FailureAnalysis(cause.getMessage(),
                "Correct the Tollgate configuration named above (the configuration reference, docs/configuration.md,"
                + " documents every property).", cause);
    }
}
