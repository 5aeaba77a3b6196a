package io.vaxline.scheduler.topology;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.apicurio.registry.resolver.client.RegistryArtifactReference;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import io.apicurio.registry.resolver.strategy.ArtifactReference;

/**
 * Just enough of the Apicurio registry, in memory, for the serde to register schemas (and the
 * nested records they reference) as it writes, and find them again by content id as it reads: the
 * topology tests keep the production serde and its wire format without a registry server.
 */
final class InMemoryRegistry implements RegistryClientFacade {

    private record Version(long id, String groupId, String artifactId, String content,
            List<RegistryArtifactReference> references) {
        String version() {
            return String.valueOf(id);
        }

        RegistryVersionCoordinates coordinates() {
            // One version per distinct content, so its global id and content id coincide.
            return RegistryVersionCoordinates.create(id, id, groupId, artifactId, version());
        }
    }

    private final List<Version> versions = new ArrayList<>();
    private final Map<String, Version> byContent = new HashMap<>();

    @Override
    public synchronized RegistryVersionCoordinates createSchema(String artifactType, String groupId, String artifactId,
            String version, String ifExists, boolean canonical, String content, Set<RegistryArtifactReference> references) {
        return byContent.computeIfAbsent(groupId + "/" + artifactId + "/" + content, key -> {
            Version created = new Version(versions.size() + 1, groupId, artifactId, content, List.copyOf(references));
            versions.add(created);
            return created;
        }).coordinates();
    }

    @Override
    public String getSchemaByContentId(Long contentId) {
        return byId(contentId).content();
    }

    @Override
    public String getSchemaByGlobalId(long globalId, boolean dereferenced) {
        return byId(globalId).content();
    }

    @Override
    public String getSchemaByGAV(String groupId, String artifactId, String version) {
        return byGav(groupId, artifactId, version).content();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentId(long contentId) {
        return byId(contentId).references();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGlobalId(long globalId) {
        return byId(globalId).references();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByGAV(String groupId, String artifactId, String version) {
        return byGav(groupId, artifactId, version).references();
    }

    private synchronized Version byId(long id) {
        if (id < 1 || id > versions.size()) {
            throw new IllegalArgumentException("No schema with id " + id + " in the in-memory registry");
        }
        return versions.get((int) id - 1);
    }

    private synchronized Version byGav(String groupId, String artifactId, String version) {
        return versions.stream()
                .filter(v -> v.groupId().equals(groupId) && v.artifactId().equals(artifactId) && v.version().equals(version))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("No schema " + groupId + "/" + artifactId + "/" + version
                        + " in the in-memory registry"));
    }

    // The serde, auto-registering and writing content ids, never takes the paths below.

    @Override
    public String getSchemaByContentHash(String contentHash) {
        throw unused();
    }

    @Override
    public List<RegistryArtifactReference> getReferencesByContentHash(String contentHash) {
        throw unused();
    }

    @Override
    public List<RegistryVersionCoordinates> searchVersionsByContent(String content, String artifactType,
            ArtifactReference reference, boolean canonical) {
        throw unused();
    }

    @Override
    public RegistryVersionCoordinates getVersionCoordinatesByGAV(String groupId, String artifactId, String version) {
        throw unused();
    }

    @Override
    public Object getClient() {
        throw unused();
    }

    private static UnsupportedOperationException unused() {
        return new UnsupportedOperationException("not needed by Vaxline's serde configuration");
    }
}
