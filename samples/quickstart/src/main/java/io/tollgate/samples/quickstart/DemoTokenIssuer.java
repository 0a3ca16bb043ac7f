package io.tollgate.samples.quickstart;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.UUID;

/**
 * A demo token issuer, so the quickstart's JWT route can be tried without an identity provider: {@code POST
 * /demo/token} with {@code {"sub", "scope", "aud", "ttlSeconds"}} answers an RS256 token (a negative
 * {@code ttlSeconds} gives an expired one), and {@code /demo/jwks.json} publishes its key. The key is made at
 * startup and lives in memory. Only this sample has it: a real application points its JWT authorizer at its
 * identity provider.
 */
@RestController
class DemoTokenIssuer {

    private final RSAKey key;
    private final String issuer;

    DemoTokenIssuer(@Value("${petstore.demo.issuer}") String issuer) throws JOSEException {
        this.key = new RSAKeyGenerator(2048).keyID("demo-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256).generate();
        this.issuer = issuer;
    }

    /** What a caller asks the demo issuer for. */
    record TokenRequest(String sub, String scope, String aud, Long ttlSeconds) {
    }

    @PostMapping(path = "/demo/token", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> token(@RequestBody TokenRequest request) throws JOSEException {
        long ttl = request.ttlSeconds() == null ? 300 : request.ttlSeconds();
        if (Math.abs(ttl) > 86_400) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "ttlSeconds must be within a day");
        }
        Instant now = Instant.now();
        // an expired token was issued before it expired
        Instant issued = ttl < 0 ? now.plusSeconds(ttl - 60) : now;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer)
                .subject(request.sub() == null ? "demo-user" : request.sub())
                .audience(request.aud() == null ? "petstore" : request.aud())
                .issueTime(Date.from(issued)).notBeforeTime(Date.from(issued))
                .expirationTime(Date.from(now.plusSeconds(ttl)))
                .jwtID(UUID.randomUUID().toString());
        if (request.scope() != null) {
            claims.claim("scope", request.scope());
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        jwt.sign(new RSASSASigner(key));
        return Map.of("access_token", jwt.serialize(), "token_type", "Bearer", "expires_in", ttl);
    }

    @GetMapping(path = "/demo/jwks.json", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> jwks() {
        return new JWKSet(key.toPublicJWK()).toJSONObject();
    }
}
