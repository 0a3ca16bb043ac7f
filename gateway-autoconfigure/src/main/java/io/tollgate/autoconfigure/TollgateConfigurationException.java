package io.tollgate.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup, before any bean is made, when the {@code tollgate.*} configuration has problems: lists every one
 * of them, each with its property path, what is wrong, and the file and line it is written at when known.
 */
public final class TollgateConfigurationException extends IllegalStateException {

    private final transient List<ConfigurationCheck.Finding> findings;

    TollgateConfigurationException(List<ConfigurationCheck.Finding> findings) {
        super(findings.size() + (findings.size() == 1 ? " problem" : " problems") + " in the Tollgate configuration:"
                + findings.stream().map(f -> "\n  - " + f).collect(Collectors.joining()));
        this.findings = List.copyOf(findings);
    }

    /** The problems' property paths, as written ({@code tollgate.apis.shop.routes[0].api-key-requried}). */
    public List<String> properties() {
        return findings.stream().map(ConfigurationCheck.Finding::property).toList();
    }

    List<ConfigurationCheck.Finding> findings() {
        return findings;
    }
}
