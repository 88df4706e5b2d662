package dev.gathering.persona;

import java.util.List;

import dev.gathering.platform.security.Access;
import dev.gathering.platform.security.AuthenticatedUser;
import dev.gathering.platform.web.ApiException;
import dev.gathering.provider.ProviderService;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

@Service
public class PersonaService {

    private final PersonaRepository personas;
    private final ProviderService providers;

    PersonaService(PersonaRepository personas, ProviderService providers) {
        this.personas = personas;
        this.providers = providers;
    }

    public List<Persona> list() {
        return personas.findAll();
    }

    public Persona get(long id) {
        return personas.findById(id).orElseThrow(() -> ApiException.notFound("Persona " + id + " not found"));
    }

    @Transactional
    Persona create(PersonaController.PersonaWrite persona, AuthenticatedUser caller) {
        checkName(persona.displayName(), null);
        checkModel(persona.defaultModelId());
        return get(personas.insert(persona, caller.id()));
    }

    @Transactional
    Persona update(long id, PersonaController.PersonaWrite persona, AuthenticatedUser caller) {
        Access.requireOwner(caller, get(id).ownerId(), "persona " + id);
        if (persona.displayName() != null) {
            checkName(persona.displayName(), id);
        }
        checkModel(persona.defaultModelId());
        personas.update(id, persona);
        return get(id);
    }

    void delete(long id, AuthenticatedUser caller) {
        Persona persona = get(id);
        Access.requireOwner(caller, persona.ownerId(), "persona " + id);
        if (persona.isBuiltin()) {
            throw ApiException.badRequest("Persona " + id + " is built in and cannot be deleted");
        }
        personas.delete(id);
    }

    private void checkName(String displayName, Long exceptId) {
        if (personas.nameTaken(displayName.trim(), exceptId)) {
            throw ApiException.conflict("A persona named '" + displayName.trim() + "' already exists");
        }
    }

    private void checkModel(Long modelId) {
        if (modelId != null) {
            providers.model(modelId);
        }
    }
}
