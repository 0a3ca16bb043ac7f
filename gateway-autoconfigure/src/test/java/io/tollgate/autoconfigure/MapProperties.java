package io.tollgate.autoconfigure;

import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;

import java.util.HashMap;
import java.util.Map;

/**
 * Test properties as one map source ({@code name=value} each): keys with brackets, spaces, braces and dots need a
 * map source, and lists bind from one source only.
 */
final class MapProperties {

    private MapProperties() {
    }

    static ReactiveWebApplicationContextRunner with(ReactiveWebApplicationContextRunner runner, String... properties) {
        Map<String, Object> all = new HashMap<>();
        for (String property : properties) {
            int eq = property.indexOf('=');
            all.put(property.substring(0, eq), property.substring(eq + 1));
        }
        return runner.withInitializer(context -> context.getEnvironment().getPropertySources()
                .addFirst(new MapPropertySource("test", all)));
    }
}
