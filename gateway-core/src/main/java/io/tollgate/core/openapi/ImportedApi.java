package io.tollgate.core.openapi;

import io.tollgate.core.api.ApiType;

import java.util.List;
import java.util.Map;

/**
 * What a document imported into: the API's definition in the shape of the {@code tollgate.apis.<name>} properties
 * (maps, lists, strings, numbers and booleans), its type, its title and version ({@code info}), the warnings, and the
 * document's item each part of the definition came from, by the definition's property path ({@code routes[2]},
 * {@code routes[2].integration}, {@code authorizers.cognito}), so that a problem found in it can name that item.
 */
public record ImportedApi(Map<String, Object> definition, ApiType type, String title, String version,
                          List<ImportWarning> warnings, Map<String, DocumentItem> items) {

    public ImportedApi {
        definition = java.util.Collections.unmodifiableMap(definition);
        warnings = List.copyOf(warnings);
        items = Map.copyOf(items);
    }
}
