package io.tollgate.core.mapping;

import org.apache.velocity.context.Context;
import org.apache.velocity.app.event.IncludeEventHandler;
import org.apache.velocity.app.event.InvalidReferenceEventHandler;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.app.event.ReferenceInsertionEventHandler;

/**
 * Velocity event handlers that keep templates inside their sandbox: no {@code #include} or {@code #parse} of any
 * resource, and a budget on the text references insert (also inside string literals), so a template that doubles
 * a string in a loop stops long before it exhausts memory.
 */
final class TemplateGuards {

    /** The context key of a render's budget; not a valid Velocity identifier, so templates cannot reach it. */
    static final String BUDGET_KEY = "tollgate budget";

    private TemplateGuards() {
    }

    /** Refuses every include and parse. */
    public static final class NoIncludes implements IncludeEventHandler {
        @Override
        public String includeEvent(Context context, String includeResourcePath, String currentResourcePath,
                                   String directiveName) {
            throw new TemplateLimitException("#" + directiveName + " is not allowed in mapping templates");
        }
    }

    /** Counts the characters references insert. */
    public static final class InsertionBudget implements ReferenceInsertionEventHandler {
        @Override
        public Object referenceInsert(Context context, String reference, Object value) {
            if (value != null && context.get(BUDGET_KEY) instanceof Budget budget) {
                budget.spend(value instanceof CharSequence cs ? cs.length() : value.toString().length());
            }
            return value;
        }
    }

    /**
     * Undefined references, and the references the sandbox refuses, render as nothing (as in AWS), never as their own
     * source text.
     */
    public static final class QuietReferences implements InvalidReferenceEventHandler {
        @Override
        public Object invalidGetMethod(Context context, String reference, Object object, String property, Info info) {
            return "";
        }

        @Override
        public boolean invalidSetMethod(Context context, String leftReference, String rightReference, Info info) {
            return false;
        }

        @Override
        public Object invalidMethod(Context context, String reference, Object object, String method, Info info) {
            return "";
        }
    }

    /** How many characters a render may still insert. */
    static final class Budget {
        private long remaining;

        Budget(long limit) {
            this.remaining = limit;
        }

        void spend(long characters) {
            remaining -= characters;
            if (remaining < 0) {
                throw new TemplateLimitException("the template produced too much text");
            }
        }
    }
}
