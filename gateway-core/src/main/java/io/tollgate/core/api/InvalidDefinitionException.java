package io.tollgate.core.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when an API definition is invalid. The message lists every problem, each with the path of the property
 * at fault, so a bad configuration fails at startup with a message a person can act on.
 */
public final class InvalidDefinitionException extends IllegalArgumentException {

    private final String subject;
    private final transient List<Problem> problems;

    public InvalidDefinitionException(String subject, List<Problem> problems) {
        super(format(subject, problems));
        this.subject = subject;
        this.problems = List.copyOf(problems);
    }

    /** What was being defined, for example {@code api 'petstore'}. */
    public String subject() {
        return subject;
    }

    public List<Problem> problems() {
        return problems;
    }

    private static String format(String subject, List<Problem> problems) {
        return "Invalid definition of " + subject + ":" + problems.stream()
                .map(p -> "\n  - " + p)
                .collect(Collectors.joining());
    }
}
