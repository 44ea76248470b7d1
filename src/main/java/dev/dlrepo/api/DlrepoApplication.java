package dev.dlrepo.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import java.util.Map;
import java.util.Set;
import org.glassfish.jersey.jackson.JacksonFeature;
import org.glassfish.jersey.server.ServerProperties;

/** Upstream's URLs live at the context root ({@code /branches/...}), so Jersey is mapped there. */
@ApplicationPath("/")
public class DlrepoApplication extends Application {
    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(
                JacksonFeature.class, // without it Payara answers with JSON-B
                JsonWriter.class,
                ErrorMapper.class,
                SuccessBodies.class,
                UserSpace.class,
                UserResource.class,
                BranchResource.class,
                TagResource.class,
                JobResource.class,
                FormatResource.class,
                FormatDigestsResource.class,
                JobArchiveResource.class,
                FormatArchiveResource.class,
                ArtifactResource.class,
                AdminResource.class,
                AliasRedirect.class,
                ProductResource.class,
                ProductFormatResource.class,
                ProductArchiveResource.class,
                CleanupResource.class,
                ReloadResource.class,
                TokenResource.class);
    }

    @Override
    public Map<String, Object> getProperties() {
        return Map.of(
                ServerProperties.WADL_FEATURE_DISABLE, true,
                // Location stays as we write it (/branches/...): right behind any proxy
                ServerProperties.LOCATION_HEADER_RELATIVE_URI_RESOLUTION_DISABLED, true);
    }
}
