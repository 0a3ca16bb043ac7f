package io.tollgate.autoconfigure;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Request validation ({@code tollgate.validation.*}): routes' {@code request-validator}, {@code request-parameters}
 * and {@code request-models}, against the APIs' {@code models}.
 *
 * @param enabled whether routes' request validators run; off, they are ignored (the models are still checked at
 *                startup)
 */
@ConfigurationProperties("tollgate.validation")
public record TollgateValidationProperties(@DefaultValue("true") boolean enabled) {
}
