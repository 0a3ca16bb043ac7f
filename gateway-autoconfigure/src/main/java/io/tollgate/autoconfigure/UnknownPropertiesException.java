package io.tollgate.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/** Thrown at startup when {@code tollgate.*} properties name nothing Tollgate knows; lists every one of them. */
public final class UnknownPropertiesException extends IllegalStateException {

    private final transient List<UnknownProperties.Unknown> unknown;

    UnknownPropertiesException(List<UnknownProperties.Unknown> unknown) {
        super(unknown.size() + (unknown.size() == 1 ? " Tollgate property is" : " Tollgate properties are")
                + " not known:" + unknown.stream().map(u -> "\n  - " + u).collect(Collectors.joining()));
        this.unknown = List.copyOf(unknown);
    }

    /** The unknown properties' names, as written ({@code tollgate.apis.shop.routes[0].api-key-requried}). */
    public List<String> names() {
        return unknown.stream().map(UnknownProperties.Unknown::name).toList();
    }
}
