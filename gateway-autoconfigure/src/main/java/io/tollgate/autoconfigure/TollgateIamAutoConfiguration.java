package io.tollgate.autoconfigure;

import io.tollgate.core.api.InvalidDefinitionException;
import io.tollgate.core.api.Problem;
import io.tollgate.core.auth.sigv4.SigV4Credentials;
import io.tollgate.core.auth.sigv4.SigV4CredentialsProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import reactor.core.publisher.Mono;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code AWS_IAM} routes: SigV4 signatures checked against {@code tollgate.iam.credentials}, or against a
 * {@link SigV4CredentialsProvider} bean of the application's.
 */
@AutoConfiguration(after = TollgateAutoConfiguration.class)
@ConditionalOnProperty(prefix = "tollgate", name = "enabled", havingValue = "true", matchIfMissing = true)
public final class TollgateIamAutoConfiguration {

    /** The configured credentials, when there are any. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tollgate.iam.credentials[0]", name = "access-key-id")
    SigV4CredentialsProvider tollgateIamCredentials(TollgateProperties properties) {
        Map<String, SigV4Credentials> byKey = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        List<IamProperties.IamCredentialProperties> credentials = properties.iam().credentials();
        for (int i = 0; i < credentials.size(); i++) {
            IamProperties.IamCredentialProperties c = credentials.get(i);
            String path = "tollgate.iam.credentials[" + i + "]";
            if (c == null || c.accessKeyId() == null || c.accessKeyId().isBlank()) {
                problems.add(new Problem(path + ".access-key-id", "must be set"));
                continue;
            }
            boolean valid = true;
            if (c.secretKey() == null || c.secretKey().isEmpty()) {
                problems.add(new Problem(path + ".secret-key", "must be set"));
                valid = false;
            }
            if (c.principalArn() == null || !c.principalArn().startsWith("arn:")) {
                problems.add(new Problem(path + ".principal-arn", "must be an ARN (arn:aws:iam::123456789012:user/name)"));
                valid = false;
            }
            if (!valid) {
                continue;
            }
            @SuppressWarnings("NullAway") // valid: the secret key and the principal ARN were checked just above
            SigV4Credentials checked = new SigV4Credentials(c.accessKeyId(), c.secretKey(), c.principalArn(),
                    c.allowedResources());
            if (byKey.put(c.accessKeyId(), checked) != null) {
                problems.add(new Problem(path + ".access-key-id", "'" + c.accessKeyId() + "' is listed twice"));
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidDefinitionException("tollgate.iam", problems);
        }
        Map<String, SigV4Credentials> known = Map.copyOf(byKey);
        return accessKey -> Mono.justOrEmpty(known.get(accessKey));
    }
}
