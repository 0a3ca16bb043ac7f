package io.tollgate.core.mapping;

import org.apache.velocity.Template;
import org.apache.velocity.context.InternalContextAdapter;
import org.apache.velocity.runtime.parser.node.ASTIntegerRange;
import org.apache.velocity.runtime.parser.node.Node;
import org.apache.velocity.runtime.parser.node.StandardParserTreeConstants;

/**
 * {@code [a..b]} with a bound on its size: Velocity builds a range as a list before {@code #foreach} counts its
 * loops, so {@code [0..$n]} with a huge {@code $n} from a request could exhaust memory. Replaces each range node of
 * a compiled template.
 */
final class GuardedIntegerRange extends ASTIntegerRange {

    private final int limit;

    GuardedIntegerRange(ASTIntegerRange original, Template template, int limit) {
        super(StandardParserTreeConstants.JJTINTEGERRANGE);
        this.limit = limit;
        this.first = original.getFirstToken();
        this.last = original.getLastToken();
        this.template = template;
        for (int i = 0; i < original.jjtGetNumChildren(); i++) {
            Node child = original.jjtGetChild(i);
            jjtAddChild(child, i);
            child.jjtSetParent(this);
        }
    }

    @Override
    public Object value(InternalContextAdapter context) {
        Object left = jjtGetChild(0).value(context);
        Object right = jjtGetChild(1).value(context);
        if (left instanceof Number l && right instanceof Number r && Math.abs(l.longValue() - r.longValue()) >= limit) {
            throw new TemplateLimitException("the range [" + l + ".." + r + "] has more than " + limit + " elements");
        }
        return super.value(context);
    }

    /** Replaces every range under {@code node}. */
    static void guard(Node node, Template template, int limit) {
        for (int i = 0; i < node.jjtGetNumChildren(); i++) {
            Node child = node.jjtGetChild(i);
            if (child instanceof ASTIntegerRange range && !(child instanceof GuardedIntegerRange)) {
                GuardedIntegerRange guarded = new GuardedIntegerRange(range, template, limit);
                guarded.jjtSetParent(node);
                node.jjtAddChild(guarded, i);
                guard(guarded, template, limit);
            } else {
                guard(child, template, limit);
            }
        }
    }
}
