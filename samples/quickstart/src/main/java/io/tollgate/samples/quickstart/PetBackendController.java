package io.tollgate.samples.quickstart;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small pet backend served by the application itself (an ordinary WebFlux controller, beside the gateway), used
 * when {@code PETSTORE_BACKEND} is not set.
 */
@RestController
@RequestMapping("/backend")
class PetBackendController {

    private static final List<Map<String, Object>> PETS = List.of(
            pet(1, "dog", 249.99),
            pet(2, "cat", 124.99),
            pet(3, "fish", 0.99));

    private static Map<String, Object> pet(int id, String type, double price) {
        Map<String, Object> pet = new LinkedHashMap<>();
        pet.put("id", id);
        pet.put("type", type);
        pet.put("price", price);
        return pet;
    }

    @GetMapping("/pets")
    List<Map<String, Object>> pets() {
        return PETS;
    }

    @GetMapping("/pets/{id}")
    ResponseEntity<Map<String, Object>> pet(@PathVariable String id) {
        return PETS.stream()
                .filter(p -> String.valueOf(p.get("id")).equals(id))
                .findFirst()
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.status(HttpStatus.NOT_FOUND).body(Map.of("message", "no pet " + id)));
    }

    /** A new pet: answered 201 with the pet as received (the gateway validated it against the Pet model). */
    @PostMapping("/pets")
    ResponseEntity<Map<String, Object>> create(@RequestBody Map<String, Object> pet) {
        return ResponseEntity.status(HttpStatus.CREATED).body(pet);
    }

    @PostMapping("/orders")
    ResponseEntity<Map<String, Object>> order(@RequestBody Map<String, Object> order) {
        Map<String, Object> placed = new LinkedHashMap<>(order);
        placed.put("orderId", "o-" + Math.abs(order.hashCode() % 100000));
        placed.put("status", "placed");
        return ResponseEntity.status(HttpStatus.CREATED).body(placed);
    }

    @RequestMapping("/store/**")
    Map<String, Object> store(ServerHttpRequest request) {
        Map<String, Object> echo = new LinkedHashMap<>();
        echo.put("method", request.getMethod().name());
        echo.put("path", request.getURI().getRawPath());
        echo.put("query", request.getURI().getRawQuery());
        return echo;
    }
}
