package io.tollgate.core.api;

/**
 * One thing wrong with a definition: the path of the offending property (relative to the API, for example
 * {@code routes[2].route-key}) and what is wrong with it.
 */
public record Problem(String path, String message) {

    @Override
    public String toString() {
        return path.isEmpty() ? message : path + ": " + message;
    }
}
