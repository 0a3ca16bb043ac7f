package io.tollgate.core.mapping;

import org.apache.velocity.runtime.directive.ForeachScope;
import org.apache.velocity.util.ArrayListWrapper;
import org.apache.velocity.util.introspection.Info;
import org.apache.velocity.util.introspection.UberspectImpl;
import org.apache.velocity.util.introspection.VelMethod;
import org.apache.velocity.util.introspection.VelPropertyGet;
import org.apache.velocity.util.introspection.VelPropertySet;
import org.jspecify.annotations.Nullable;

import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The only way templates reach Java objects: method calls, property reads and writes are allowed on the template
 * variables ({@code $input}, {@code $util}), on JSON values (strings, numbers, booleans, maps, lists) and on
 * Velocity's own loop helpers, and never {@code getClass()} or the monitor methods. Anything else, {@code $x.class}
 * included, resolves to nothing, so reflection and class loading are out of reach.
 */
public final class SandboxUberspector extends UberspectImpl {

    private static final Set<String> FORBIDDEN_METHODS = Set.of("getClass", "wait", "notify", "notifyAll",
            "clone", "finalize", "hashCode", "getDeclaringClass");
    private static final Set<String> FORBIDDEN_PROPERTIES = Set.of("class", "declaringClass");

    static boolean allowed(@Nullable Object target) {
        if (target == null) {
            return false;
        }
        if (target instanceof String || target instanceof Number || target instanceof Boolean
                || target instanceof Character || target instanceof Map || target instanceof Iterable
                || target instanceof Iterator || target instanceof Map.Entry || target instanceof InputVariable
                || target instanceof UtilVariable || target instanceof Absent) {
            return true;
        }
        Class<?> type = target.getClass();
        return type.isArray() || type == ForeachScope.class || type == ArrayListWrapper.class;
    }

    @Override
    public @Nullable VelMethod getMethod(Object obj, String methodName, Object[] args, Info i) {
        if (!allowed(obj) || FORBIDDEN_METHODS.contains(methodName)) {
            return null;
        }
        return super.getMethod(obj, methodName, args, i);
    }

    @Override
    public @Nullable VelPropertyGet getPropertyGet(Object obj, String identifier, Info i) {
        if (!allowed(obj) || FORBIDDEN_PROPERTIES.contains(identifier)) {
            return null;
        }
        return super.getPropertyGet(obj, identifier, i);
    }

    @Override
    public @Nullable VelPropertySet getPropertySet(Object obj, String identifier, Object arg, Info i) {
        if (!(obj instanceof Map) || FORBIDDEN_PROPERTIES.contains(identifier)) {
            return null;
        }
        return super.getPropertySet(obj, identifier, arg, i);
    }

    @Override
    public @Nullable Iterator<?> getIterator(Object obj, Info i) {
        if (!allowed(obj)) {
            return null;
        }
        return super.getIterator(obj, i);
    }
}
