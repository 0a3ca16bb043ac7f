package io.tollgate.core.pipeline;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.response.GatewayError;
import io.tollgate.core.response.InvalidHeaderValueException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The failures an integration meets that are not its backend's: a body over the limit (413), a body that broke,
 * stalled or whose client left (its own answer, logged at DEBUG), a mapping's invalid header value (left as a failure:
 * the gateway answers and logs it). Every integration checks these first, then maps its backend's own failures.
 */
public final class RequestFaults {

    private static final Logger log = LoggerFactory.getLogger(RequestFaults.class);

    private RequestFaults() {
    }

    /** The answer to {@code error} when it is one of these failures, else null. */
    public static @Nullable Mono<Reply> answer(Throwable error) {
        if (error instanceof PayloadTooLargeException) {
            return Reply.errorMono(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE));
        }
        if (error instanceof InvalidHeaderValueException) {
            return Mono.error(error);
        }
        RequestBodyException body = RequestBodyException.find(error);
        if (body != null) {
            // the client's fault: a backend exchange was aborted with it
            log.debug("Request body failed: {}", body.getMessage());
            return Reply.errorMono(body.error());
        }
        return null;
    }
}
