package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * The ACL files of {@code DLREPO_ACLS_DIR}, one per group: a request is allowed when any line of
 * any of the user's groups grants the rights its method needs on its path. Read again when the
 * files change.
 */
@ApplicationScoped
public class Acls {
    private static final Logger LOG = Logger.getLogger(Acls.class.getName());
    private Snapshot<Map<String, List<AclLine>>> files;

    protected Acls() {
    }

    @Inject
    public Acls(Settings settings) {
        Path dir = settings.aclsDir();
        this.files = new Snapshot<>(dir, Acls::load);
    }

    public boolean allows(Identity who, EnumSet<Right> needed, String path) {
        Map<String, List<AclLine>> byGroup = files.get();
        for (String group : who.groups()) {
            for (AclLine line : byGroup.getOrDefault(group, List.of())) {
                if (line.allows(needed, path, who.login())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The groups that have an ACL file: the only roles worth asking a container about. */
    public Set<String> groups() {
        return files.get().keySet();
    }

    public void reload() {
        files.reload();
    }

    private static Map<String, List<AclLine>> load(Path dir) {
        Map<String, List<AclLine>> out = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            LOG.warning("ACL directory " + dir + " does not exist: nobody may read anything");
            return out;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path file : entries.sorted().toList()) {
                String group = file.getFileName().toString();
                if (group.startsWith(".") || !Files.isRegularFile(file)) {
                    continue;
                }
                List<AclLine> lines = new ArrayList<>();
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    AclLine.parse(line).ifPresent(lines::add);
                }
                out.put(group, List.copyOf(lines));
            }
        } catch (IOException e) {
            LOG.warning("cannot read ACL directory " + dir + ": " + e);
        }
        LOG.info("ACLs loaded from " + dir + " for groups " + out.keySet());
        return out;
    }
}
