package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** What an API serves, written out in full (its records' text), to compare two models of one API. */
final class ApiDescription {

    private ApiDescription() {
    }

    static List<String> of(Api api) {
        List<String> lines = new ArrayList<>();
        lines.add("type " + api.type() + ", base path " + api.basePath() + ", key source " + api.apiKeySource());
        lines.add("stages " + api.stages());
        lines.add("binary " + api.binaryMediaTypes());
        lines.add("cors " + api.cors());
        lines.add("policy " + api.resourcePolicy());
        lines.add("gateway responses " + new TreeMap<>(api.gatewayResponses()));
        new TreeMap<>(api.authorizers()).forEach((name, authorizer) -> lines.add("authorizer " + authorizer));
        new TreeMap<>(api.models()).forEach((name, model) -> lines.add("model " + name + " " + model.schemaText()
                .replaceAll("\\s", "")));
        // routes are chosen by their keys, not by their order (an export groups them by path)
        api.routes().stream().map(route -> "route " + route.toString().replaceAll("@[0-9a-f]+", "")).sorted()
                .forEach(lines::add);
        return lines;
    }
}
