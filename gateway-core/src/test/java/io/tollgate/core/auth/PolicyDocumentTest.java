package io.tollgate.core.auth;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.tollgate.core.auth.PolicyDocument.Decision.ALLOW;
import static io.tollgate.core.auth.PolicyDocument.Decision.EXPLICIT_DENY;
import static io.tollgate.core.auth.PolicyDocument.Decision.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PolicyDocumentTest {

    private static final String ARN = "arn:aws:execute-api:local:000000000000:petstore/prod/GET/pets/7";

    @Test
    void wildcardsMatchAsIamDoes() {
        assertThat(ExecuteApiArn.matches("*", ARN)).isTrue();
        assertThat(ExecuteApiArn.matches("arn:aws:execute-api:*:*:petstore/*/GET/pets/*", ARN)).isTrue();
        assertThat(ExecuteApiArn.matches("arn:aws:execute-api:*:*:petstore/*/GET/pets/?", ARN)).isTrue();
        assertThat(ExecuteApiArn.matches("arn:aws:execute-api:*:*:petstore/*/GET/pets/??", ARN)).isFalse();
        assertThat(ExecuteApiArn.matches("arn:aws:execute-api:*:*:petstore/*/POST/*", ARN)).isFalse();
        assertThat(ExecuteApiArn.matches("arn:aws:execute-api:*:*:petstore/*/*", ARN)).isTrue();
        assertThat(ExecuteApiArn.matches("arn:aws:execute-api:*:*:PETSTORE/*", ARN)).isFalse();
        assertThat(ExecuteApiArn.matches("arn:aws:execute-api:*:*:petstore/prod/GET/pets", ARN)).isFalse();
        assertThat(ExecuteApiArn.matches("", "")).isTrue();
        assertThat(ExecuteApiArn.matches("a*b*c", "aXXbYYc")).isTrue();
        assertThat(ExecuteApiArn.matches("a*b*c", "aXXbYY")).isFalse();
    }

    @Test
    void explicitDenyWinsThenAllowElseImplicitDeny() {
        PolicyDocument policy = PolicyDocument.parse(Map.of("Version", "2012-10-17", "Statement", List.of(
                Map.of("Action", "execute-api:Invoke", "Effect", "Allow", "Resource", "arn:aws:execute-api:*:*:petstore/*"),
                Map.of("Action", List.of("execute-api:*"), "Effect", "Deny", "Resource", List.of("arn:*:*:*:*:*/*/DELETE/*")))));
        assertThat(policy.evaluate(ARN)).isEqualTo(ALLOW);
        assertThat(policy.evaluate(ARN.replace("GET", "DELETE"))).isEqualTo(EXPLICIT_DENY);
        assertThat(policy.evaluate(ARN.replace("petstore", "other"))).isEqualTo(IMPLICIT_DENY);
        // a statement about another action does not allow invoking
        assertThat(PolicyDocument.parse(Map.of("Statement", Map.of("Action", "s3:GetObject", "Effect", "Allow",
                "Resource", "*"))).evaluate(ARN)).isEqualTo(IMPLICIT_DENY);
        assertThat(PolicyDocument.parse(Map.of("Statement", Map.of("Action", "EXECUTE-API:invoke", "Effect", "Allow",
                "Resource", "*"))).evaluate(ARN)).isEqualTo(ALLOW);
    }

    @Test
    void malformedPoliciesAndOutputsAreRejected() {
        assertThatThrownBy(() -> PolicyDocument.parse("nope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyDocument.parse(Map.of("Statement", List.of()))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PolicyDocument.parse(Map.of("Statement", Map.of("Action", "execute-api:Invoke",
                "Effect", "Maybe", "Resource", "*")))).hasMessageContaining("Effect");
        assertThatThrownBy(() -> PolicyDocument.parse(Map.of("Statement", Map.of("Action", 3, "Effect", "Allow",
                "Resource", "*")))).hasMessageContaining("Action");
        assertThatThrownBy(() -> AuthorizerResult.fromMap(Map.of("policyDocument", Map.of()), false))
                .hasMessageContaining("principalId");
        assertThatThrownBy(() -> AuthorizerResult.fromMap(Map.of("isAuthorized", "yes"), true))
                .hasMessageContaining("isAuthorized");
        assertThatThrownBy(() -> AuthorizerResult.fromMap(Map.of("isAuthorized", true, "context", Map.of("x", List.of())), true))
                .hasMessageContaining("context value 'x'");
        assertThatThrownBy(() -> AuthorizerResult.fromMap(null, true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void awsOutputIsRead() {
        AuthorizerResult result = AuthorizerResult.fromMap(Map.of("principalId", "user",
                "policyDocument", Map.of("Version", "2012-10-17", "Statement", List.of(Map.of("Action", "execute-api:Invoke",
                        "Effect", "Allow", "Resource", ARN))),
                "context", Map.of("a", "1", "b", 2, "c", true), "usageIdentifierKey", "key-0123456789abcdefghij"), false);
        assertThat(result.principalId()).isEqualTo("user");
        assertThat(result.policy().evaluate(ARN)).isEqualTo(ALLOW);
        assertThat(result.context()).containsEntry("b", 2).containsEntry("c", true);
        assertThat(result.usageIdentifierKey()).isEqualTo("key-0123456789abcdefghij");
        AuthorizerResult simple = AuthorizerResult.fromMap(Map.of("isAuthorized", false), true);
        assertThat(simple.isAuthorized()).isFalse();
        assertThat(simple.policy()).isNull();
    }
}
