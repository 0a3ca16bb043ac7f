package io.tollgate.core.server;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The gateway a server serves now: one reference, read once per request by every door. {@link #swap} puts a newly
 * compiled {@link Gateway} in its place; a request already resolved keeps the gateway that resolved it to its end
 * (its {@link Resolution} holds it), and the next request is resolved by the new one. Nothing is drained or copied:
 * the state that outlives requests belongs to the features both gateways were built from.
 */
public final class LiveGateway {

    private final AtomicReference<Gateway> current;

    public LiveGateway(Gateway initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    /** The gateway that resolves the next request. */
    @SuppressWarnings("NullAway") // never null: set to a gateway, and only ever swapped for another
    public Gateway current() {
        return current.get();
    }

    /** Makes {@code next} the gateway that resolves the next request; returns the one it replaced. */
    public Gateway swap(Gateway next) {
        return current.getAndSet(Objects.requireNonNull(next, "next"));
    }
}
