package io.tollgate.autoconfigure;

import io.tollgate.core.api.Api;

import java.util.List;

/** The APIs the gateway serves, from properties and beans, validated. */
public record TollgateApis(List<Api> apis) {

    public TollgateApis {
        apis = List.copyOf(apis);
    }
}
