package io.tollgate.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Explains a {@code tollgate.*} configuration with problems: each one with its property, file and line, and what to
 * do for each kind of problem found.
 */
final class TollgateConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<TollgateConfigurationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, TollgateConfigurationException cause) {
        Set<ConfigurationCheck.Kind> kinds = cause.findings().stream().map(ConfigurationCheck.Finding::kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(ConfigurationCheck.Kind.class)));
        StringBuilder action = new StringBuilder();
        for (ConfigurationCheck.Finding finding : cause.findings()) {
            String fix = finding.fix();
            if (fix != null) {
                action.append("  - ").append(finding.property()).append(": ").append(fix)
                        .append(finding.origin() == null ? "" : " (" + finding.origin() + ")").append(System.lineSeparator());
            }
        }
        if (kinds.contains(ConfigurationCheck.Kind.UNKNOWN)) {
            append(action, "Correct or remove each unknown property, in the file and line given (names are kebab-case,"
                    + " as in the configuration reference). A misspelled key is not ignored: it may be a security"
                    + " setting such as api-key-required. To let unknown tollgate.* properties through, set"
                    + " tollgate.fail-on-unknown-properties=false.");
        }
        if (kinds.contains(ConfigurationCheck.Kind.CONVERSION)) {
            append(action, "Write each value that is not of its property's type in the form named (a duration such as"
                    + " 30s, a size such as 10MB, a number, true or false, or one of the values listed).");
        }
        if (kinds.contains(ConfigurationCheck.Kind.INVALID)) {
            append(action, "Correct each invalid value as its line says; the configuration reference"
                    + " (docs/configuration.md) documents every property and its allowed values, and a mapping"
                    + " template's line and column are counted from the template's first character.");
        }
        return new FailureAnalysis(cause.getMessage(), action.toString(), cause);
    }

    private static void append(StringBuilder action, String text) {
        if (!action.isEmpty() && action.charAt(action.length() - 1) != '\n') {
            action.append(System.lineSeparator());
        }
        action.append(text);
    }
}
