package io.tollgate.core.routing;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.tollgate.core.api.PathSegment;
import io.tollgate.core.api.Problems;
import io.tollgate.core.api.RouteKey;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tollgate.testsupport.Fuzz.check;
import static io.tollgate.testsupport.Fuzz.text;

/**
 * Fuzzes route matching against a plain reference matcher. The input is lines: the request ({@code METHOD /path}),
 * then route keys (invalid ones and duplicates of a method and shape are left out, as the model refuses them). The
 * route table must answer exactly the route the reference picks: among the routes whose path matches (a literal equals
 * the decoded segment, a variable takes one segment, a greedy variable one or more) and whose method is the request's
 * or ANY, the most specific, segment by segment (literal over variable over greedy), then the request's method over
 * ANY; {@code $default} only when none matches. Path parameters are the raw segments the variables sit on.
 */
class RouteTableFuzzTest {

    private static final int MAX_ROUTES = 24;

    @FuzzTest
    void match(byte[] input) {
        String[] lines = text(input).split("\n", MAX_ROUTES + 2);
        int space = lines[0].indexOf(' ');
        if (space < 0) {
            return;
        }
        String method = lines[0].substring(0, space);
        RequestPath path;
        try {
            path = RequestPath.parse(lines[0].substring(space + 1));
        } catch (InvalidPathException refused) {
            return;
        }
        List<RouteTable.Definition<Integer>> definitions = new ArrayList<>();
        List<RouteKey> keys = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < lines.length && i <= MAX_ROUTES; i++) {
            RouteKey key = RouteKey.parse(lines[i], "", new Problems());
            if (key != null && seen.add(key.isDefault() ? RouteKey.DEFAULT : key.method() + " " + key.shape())) {
                definitions.add(new RouteTable.Definition<>(key, keys.size()));
                keys.add(key);
            }
        }
        RouteTable<Integer> table = RouteTable.compile(definitions);
        RouteKey defaultKey = keys.stream().filter(RouteKey::isDefault).findFirst().orElse(null);
        check(table.hasDefault() == (defaultKey != null), "hasDefault");

        Integer expected = reference(keys, method, path);
        RouteTable.Match<Integer> match = table.match(method, path, 0);
        RouteTable.Match<Integer> explicit = table.matchExplicit(method, path, 0);
        if (expected == null) {
            check(explicit == null, "%s %s matched %s, which does not match", method, path.raw(),
                    explicit == null ? null : explicit.key());
            check(match == null ? defaultKey == null : match.key().isDefault(), "%s %s: only $default may answer",
                    method, path.raw());
            if (match != null) {
                check(match.pathParameter(RouteTable.DEFAULT_GREEDY_NAME) != null, "$default binds proxy");
            }
            return;
        }
        check(match != null && explicit != null, "%s %s: no match, expected %s", method, path.raw(), keys.get(expected));
        check(match.value().equals(expected) && explicit.value().equals(expected), "%s %s: matched %s, expected %s",
                method, path.raw(), match.key(), keys.get(expected));

        RouteKey key = match.key();
        Map<String, String> parameters = match.pathParameters();
        check(parameters.keySet().equals(key.pathVariableNames()), "parameters of %s", key);
        List<PathSegment> segments = key.segments();
        for (int i = 0; i < segments.size(); i++) {
            PathSegment segment = segments.get(i);
            if (segment instanceof PathSegment.Variable v) {
                check(parameters.get(v.name()).equals(path.rawSegment(i)), "{%s} of %s", v.name(), path.raw());
                check(match.pathParameter(v.name()).equals(path.rawSegment(i)), "pathParameter(%s)", v.name());
            } else if (segment instanceof PathSegment.Greedy g) {
                check(parameters.get(g.name()).equals(path.rawTail(i)) && !path.rawTail(i).isEmpty(),
                        "{%s+} of %s", g.name(), path.raw());
            }
        }
    }

    /** The index of the route that must win, or null when none but {@code $default} matches. */
    private static Integer reference(List<RouteKey> keys, String method, RequestPath path) {
        Integer best = null;
        int[] bestRank = null;
        for (int k = 0; k < keys.size(); k++) {
            RouteKey key = keys.get(k);
            if (key.isDefault() || !(key.method().equals(RouteKey.ANY) || key.method().equals(method))) {
                continue;
            }
            int[] rank = rank(key, path);
            if (rank == null) {
                continue;
            }
            // the request's own method after the segments, ANY last
            rank[rank.length - 1] = key.method().equals(RouteKey.ANY) ? 0 : 1;
            if (bestRank == null || compare(rank, bestRank) > 0) {
                best = k;
                bestRank = rank;
            }
        }
        return best;
    }

    /** Literal 2, variable 1, greedy 0 per segment, plus a slot for the method; null when the path does not match. */
    private static int[] rank(RouteKey key, RequestPath path) {
        List<PathSegment> segments = key.segments();
        boolean greedy = !segments.isEmpty() && segments.get(segments.size() - 1) instanceof PathSegment.Greedy;
        if (greedy ? path.size() < segments.size() : path.size() != segments.size()) {
            return null;
        }
        int[] rank = new int[segments.size() + 1];
        for (int i = 0; i < segments.size(); i++) {
            PathSegment segment = segments.get(i);
            if (segment instanceof PathSegment.Literal literal) {
                if (!literal.value().equals(path.decodedSegment(i))) {
                    return null;
                }
                rank[i] = 2;
            } else {
                rank[i] = segment instanceof PathSegment.Variable ? 1 : 0;
            }
        }
        return rank;
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < Math.min(a.length - 1, b.length - 1); i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        // equal up to the shorter: same shape (a greedy variable is last), so the method decides
        return Integer.compare(a[a.length - 1], b[b.length - 1]);
    }
}
