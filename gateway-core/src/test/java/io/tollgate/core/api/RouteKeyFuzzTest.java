package io.tollgate.core.api;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes route-key parsing. Any text is either a route key or refused with {@link InvalidDefinitionException} naming
 * at least one problem (never another exception), and the two ways of parsing agree. An accepted key is well formed
 * (a known method, a path of non-empty segments without dot segments, variables that are whole segments with valid,
 * unique names, a greedy variable only last) and round-trips through its text.
 */
class RouteKeyFuzzTest {

    private static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "ANY");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    @FuzzTest
    void parse(byte[] input) {
        String text = text(input);
        Problems problems = new Problems();
        RouteKey key = RouteKey.parse(text, "route-key", problems);
        check((key == null) != problems.isEmpty(), "a key is refused exactly when a problem is named: %s", text);
        try {
            RouteKey thrown = RouteKey.parse(text);
            check(key != null && thrown.equals(key), "the throwing parse accepted %s", text);
        } catch (InvalidDefinitionException refused) {
            check(key == null && !refused.problems().isEmpty(), "the throwing parse refused %s", text);
        }
        if (key == null) {
            check(RouteKey.canonical(text).equals(text), "canonical() of a non-key is the text itself");
            return;
        }
        check(RouteKey.canonical(text).equals(key.toString()), "canonical() of %s", text);
        if (key.isDefault()) {
            check(text.trim().equals(RouteKey.DEFAULT) && key.segments().isEmpty() && key.method() == null,
                    "$default from %s", text);
            check(key.pathVariableNames().equals(Set.of("proxy")), "$default binds proxy");
            return;
        }
        check(METHODS.contains(key.method()), "method %s of %s", key.method(), text);
        String path = key.path();
        check(path.startsWith("/"), "path %s of %s", path, text);
        check(!path.contains(" ") && !path.contains("?") && !path.contains("#"), "path %s of %s", path, text);

        List<PathSegment> segments = key.segments();
        StringBuilder rebuilt = new StringBuilder();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < segments.size(); i++) {
            PathSegment segment = segments.get(i);
            rebuilt.append('/').append(segment);
            if (segment instanceof PathSegment.Literal literal) {
                String value = literal.value();
                check(!value.isEmpty() && !value.equals(".") && !value.equals("..") && value.indexOf('/') < 0
                        && value.indexOf('{') < 0 && value.indexOf('}') < 0, "literal %s of %s", value, text);
            } else {
                String name = segment instanceof PathSegment.Variable v ? v.name() : ((PathSegment.Greedy) segment).name();
                check(NAME.matcher(name).matches(), "variable name %s of %s", name, text);
                check(names.add(name), "variable %s twice in %s", name, text);
                check(!(segment instanceof PathSegment.Greedy) || i == segments.size() - 1, "greedy not last in %s", text);
            }
        }
        check((segments.isEmpty() ? "/" : rebuilt.toString()).equals(path), "segments of %s rebuild %s", text, rebuilt);
        check(key.pathVariableNames().equals(names), "pathVariableNames of %s", text);
        check(key.toString().equals(key.method() + " " + path), "toString of %s", text);

        RouteKey again = RouteKey.parse(key.toString());
        check(again.equals(key) && again.segments().equals(segments) && again.shape().equals(key.shape())
                && again.hashCode() == key.hashCode(), "%s does not round-trip", text);
        check(key.shape().chars().filter(c -> c == '/').count() == Math.max(1, segments.size()), "shape of %s", text);
    }
}
