package io.tollgate.core.validation;

import io.tollgate.core.api.GatewayResponseType;
import io.tollgate.core.api.validation.RequestModel;
import io.tollgate.core.api.validation.RequestValidation;
import io.tollgate.core.pipeline.ExchangeHandler;
import io.tollgate.core.pipeline.GatewayExchange;
import io.tollgate.core.pipeline.PayloadTooLargeException;
import io.tollgate.core.pipeline.Phase;
import io.tollgate.core.pipeline.PipelineStep;
import io.tollgate.core.pipeline.Reply;
import io.tollgate.core.pipeline.StepOrder;
import io.tollgate.core.response.GatewayError;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A route's request validator, as API Gateway's: first the required parameters (present and not blank, else 400
 * {@code Missing required request parameters: [a, b]}, BAD_REQUEST_PARAMETERS), then the body against the model of
 * its content type (else 400 {@code Invalid request body}, BAD_REQUEST_BODY). The body is read whole only when a
 * model applies, bounded by the route's limit (413 above it), and the integration gets it intact.
 */
final class RequestValidationStep implements PipelineStep {

    /** A required parameter, with whether any of its values counts ({@code multivalue*}) or the last one. */
    private record Required(RequestValidation.Location location, String name, boolean multiValue) {
    }

    private final List<Required> parameters;
    private final RequestValidation validation;
    private final Map<RequestModel, BodyValidator> bodies;
    private final long maxBodySize;

    RequestValidationStep(RequestValidation validation, long maxBodySize) {
        this.validation = validation;
        // compiled for an active validation only: one with a validator
        RequestValidation.Validator validator = Objects.requireNonNull(validation.validator());
        this.parameters = validator.validatesParameters()
                ? validation.requiredParameters().stream().map(p -> new Required(p.location(), p.name(),
                        p.expression().startsWith("method.request.multivalue"))).toList()
                : List.of();
        Map<RequestModel, BodyValidator> validators = new HashMap<>();
        if (validator.validatesBody()) {
            validation.models().values().forEach(model -> validators.computeIfAbsent(model, BodyValidator::of));
        }
        this.bodies = Map.copyOf(validators);
        this.maxBodySize = maxBodySize;
    }

    @Override
    public Phase phase() {
        return Phase.METHOD_REQUEST;
    }

    @Override
    public int order() {
        return StepOrder.REQUEST_VALIDATION;
    }

    @Override
    public String name() {
        return "request-validator";
    }

    @Override
    public Mono<Reply> apply(GatewayExchange exchange, ExchangeHandler next) {
        if (!parameters.isEmpty()) {
            String missing = missing(exchange);
            if (missing != null) {
                String message = "Missing required request parameters: [" + missing + "]";
                return Reply.errorMono(GatewayError.validation(GatewayResponseType.BAD_REQUEST_PARAMETERS, message, message));
            }
        }
        if (bodies.isEmpty()) {
            return next.handle(exchange);
        }
        RequestModel model = validation.model(exchange.header("content-type"));
        if (model == null) {
            // as AWS: a content type without a model (and no $default one) is not validated
            return next.handle(exchange);
        }
        BodyValidator validator = bodies.get(model);
        return exchange.wholeBody(maxBodySize)
                // every model of the validation has its validator
                .map(body -> Optional.ofNullable(Objects.requireNonNull(validator).validate(body))
                        .map(detail -> GatewayError.validation(GatewayResponseType.BAD_REQUEST_BODY,
                                GatewayResponseType.BAD_REQUEST_BODY.defaultMessage(), detail)))
                .onErrorResume(PayloadTooLargeException.class,
                        tooLarge -> Mono.just(Optional.of(GatewayError.of(GatewayResponseType.REQUEST_TOO_LARGE))))
                .flatMap(error -> error.isPresent() ? Reply.errorMono(error.get()) : next.handle(exchange));
    }

    /** The names of the missing parameters joined with {@code ", "}, or null when none is. */
    private @Nullable String missing(GatewayExchange exchange) {
        StringBuilder missing = null;
        for (Required parameter : parameters) {
            if (!present(exchange, parameter)) {
                missing = missing == null ? new StringBuilder() : missing.append(", ");
                missing.append(parameter.name());
            }
        }
        return missing == null ? null : missing.toString();
    }

    private static boolean present(GatewayExchange exchange, Required parameter) {
        return switch (parameter.location()) {
            case HEADER -> {
                List<String> values = exchange.request().headers().getAll(parameter.name());
                yield parameter.multiValue() ? values.stream().anyMatch(v -> !v.isBlank())
                        : !values.isEmpty() && !values.get(values.size() - 1).isBlank();
            }
            case QUERYSTRING -> {
                List<String> values = exchange.query().all(parameter.name());
                yield parameter.multiValue() ? values.stream().anyMatch(v -> !v.isBlank())
                        : !values.isEmpty() && !values.get(values.size() - 1).isBlank();
            }
            case PATH -> {
                // the raw segment: blank when it is only (percent-encoded) spaces and tabs
                String value = exchange.pathParameter(parameter.name());
                yield value != null && !value.replace("%20", "").replace("%09", "").isBlank();
            }
        };
    }
}
