package io.tollgate.core.api;

import java.util.ArrayList;
import java.util.List;

/** Collects {@link Problem}s while a definition is validated, so that every problem is reported at once. */
public final class Problems {

    private final List<Problem> problems = new ArrayList<>();

    /** Records a problem with the property at {@code path}. */
    public void add(String path, String message) {
        problems.add(new Problem(path, message));
    }

    public boolean isEmpty() {
        return problems.isEmpty();
    }

    public List<Problem> asList() {
        return List.copyOf(problems);
    }

    /** Throws an {@link InvalidDefinitionException} naming every problem, if there are any. */
    public void throwIfAny(String subject) {
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException(subject, asList());
        }
    }
}
