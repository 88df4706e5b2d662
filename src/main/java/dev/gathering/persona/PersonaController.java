package dev.gathering.persona;

import java.util.List;

import dev.gathering.platform.ratelimit.RateLimited;
import dev.gathering.platform.ratelimit.Tier;
import dev.gathering.platform.security.AuthenticatedUser;
import jakarta.validation.Valid;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.validation.groups.Default;
import org.springframework.http.HttpStatus;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
class PersonaController {

    /** Validation group of creation: the fields a new persona cannot do without. */
    interface Creation {
    }

    static final String STYLES = "formal|concise|detailed|technical|friendly|balanced|professional";

    record PersonaWrite(@NotBlank(groups = Creation.class) @Size(max = 100) String displayName,
                        @NotBlank(groups = Creation.class) @Size(max = 200) String role,
                        String basePrompt, String fullPrompt, List<@NotBlank String> traits,
                        @Pattern(regexp = STYLES, message = "must be one of formal, concise, detailed, technical, friendly, balanced, professional")
                        String communicationStyle,
                        List<@NotBlank String> specializations, List<@NotBlank String> languages, String motto,
                        String description, Long defaultModelId) {
    }

    record PersonaList(List<Persona> personas, int total) {
    }

    private final PersonaService service;

    PersonaController(PersonaService service) {
        this.service = service;
    }

    @GetMapping("/personas")
    @RateLimited(Tier.READ)
    PersonaList list() {
        List<Persona> personas = service.list();
        return new PersonaList(personas, personas.size());
    }

    @GetMapping("/personas/{personaId}")
    @RateLimited(Tier.READ)
    Persona get(@PathVariable long personaId) {
        return service.get(personaId);
    }

    @PostMapping("/personas")
    @ResponseStatus(HttpStatus.CREATED)
    @RateLimited(Tier.WRITE)
    Persona create(@Validated({Default.class, Creation.class}) @RequestBody PersonaWrite body,
                   @AuthenticationPrincipal AuthenticatedUser caller) {
        return service.create(body, caller);
    }

    @PatchMapping("/personas/{personaId}")
    @RateLimited(Tier.WRITE)
    Persona update(@PathVariable long personaId, @Valid @RequestBody PersonaWrite body,
                   @AuthenticationPrincipal AuthenticatedUser caller) {
        return service.update(personaId, body, caller);
    }

    @DeleteMapping("/personas/{personaId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @RateLimited(Tier.WRITE)
    void delete(@PathVariable long personaId, @AuthenticationPrincipal AuthenticatedUser caller) {
        service.delete(personaId, caller);
    }
}
