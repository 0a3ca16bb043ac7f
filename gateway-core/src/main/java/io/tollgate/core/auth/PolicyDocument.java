package io.tollgate.core.auth;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An IAM policy as authorizers answer it: statements allowing or denying {@code execute-api:Invoke} on resources
 * ({@code *} and {@code ?} wildcards). {@link #evaluate} follows IAM: an explicit deny wins, then an allow, else the
 * request is implicitly denied.
 */
public final class PolicyDocument {

    /** The outcome of evaluating a policy for one resource. */
    public enum Decision {
        ALLOW, EXPLICIT_DENY, IMPLICIT_DENY
    }

    /** One statement. */
    public record Statement(boolean allow, List<String> actions, List<String> resources) {

        public Statement {
            actions = List.copyOf(actions);
            resources = List.copyOf(resources);
        }
    }

    private final List<Statement> statements;

    public PolicyDocument(List<Statement> statements) {
        this.statements = List.copyOf(statements);
    }

    /** A policy allowing {@code execute-api:Invoke} on {@code resources}. */
    public static PolicyDocument allow(String... resources) {
        return new PolicyDocument(List.of(new Statement(true, List.of("execute-api:Invoke"), List.of(resources))));
    }

    /** A policy denying {@code execute-api:Invoke} on {@code resources}. */
    public static PolicyDocument deny(String... resources) {
        return new PolicyDocument(List.of(new Statement(false, List.of("execute-api:Invoke"), List.of(resources))));
    }

    public List<Statement> statements() {
        return statements;
    }

    /** The decision for invoking {@code arn}. */
    public Decision evaluate(String arn) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (!invokes(statement) || !covers(statement, arn)) {
                continue;
            }
            if (!statement.allow()) {
                return Decision.EXPLICIT_DENY;
            }
            allowed = true;
        }
        return allowed ? Decision.ALLOW : Decision.IMPLICIT_DENY;
    }

    private static boolean invokes(Statement statement) {
        for (String action : statement.actions()) {
            // IAM action names are case-insensitive
            if (ExecuteApiArn.matches(action.toLowerCase(Locale.ROOT), "execute-api:invoke")) {
                return true;
            }
        }
        return false;
    }

    private static boolean covers(Statement statement, String arn) {
        for (String resource : statement.resources()) {
            if (ExecuteApiArn.matches(resource, arn)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses AWS's JSON form ({@code {"Version": ..., "Statement": [{"Action", "Effect", "Resource"}]}}, a single
     * statement or string allowed where AWS allows one).
     *
     * @throws IllegalArgumentException when it is not a policy
     */
    public static PolicyDocument parse(@Nullable Object json) {
        if (!(json instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("policyDocument must be an object");
        }
        Object raw = map.get("Statement");
        List<?> rawStatements = raw instanceof List<?> list ? list : raw == null ? List.of() : List.of(raw);
        if (rawStatements.isEmpty()) {
            throw new IllegalArgumentException("policyDocument has no Statement");
        }
        List<Statement> statements = new ArrayList<>();
        for (Object item : rawStatements) {
            if (!(item instanceof Map<?, ?> statement)) {
                throw new IllegalArgumentException("a Statement must be an object");
            }
            Object effect = statement.get("Effect");
            if (!"Allow".equals(effect) && !"Deny".equals(effect)) {
                throw new IllegalArgumentException("a Statement's Effect must be Allow or Deny, not " + effect);
            }
            statements.add(new Statement("Allow".equals(effect), strings(statement.get("Action"), "Action"),
                    strings(statement.get("Resource"), "Resource")));
        }
        return new PolicyDocument(statements);
    }

    private static List<String> strings(@Nullable Object value, String field) {
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof List<?> list && !list.isEmpty() && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IllegalArgumentException("a Statement's " + field + " must be a string or a list of strings");
    }
}
