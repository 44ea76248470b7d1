package dev.dlrepo.config;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A deployment's snapshot of the settings: every known name looked up once, each value parsed,
 * and the files the authentication mode reads, when named, required to be there.
 */
final class DeployedSettings {
    /** Every {@code DLREPO_*} name of {@link Settings}: what a deployment reads, each once. */
    static final List<String> NAMES = Arrays.stream(Settings.class.getFields())
            .filter(f -> Modifier.isStatic(f.getModifiers()) && f.getType() == String.class)
            .map(DeployedSettings::constant).filter(n -> n.startsWith("DLREPO_")).sorted().toList();

    private DeployedSettings() {
    }

    static Settings read(Function<String, String> lookup) {
        Map<String, String> found = new HashMap<>();
        for (String name : NAMES) {
            String value = lookup.apply(name);
            if (value != null) {
                found.put(name, value);
            }
        }
        Settings settings = new Settings(found);
        checkFiles(settings);
        return settings;
    }

    /**
     * A named auth file or ACL directory that is not there is a typing error, not "nobody may log
     * in": refused at deployment. Defaults stay optional (a missing default ACL directory allows
     * nothing, as documented), and so does a file the mode does not read.
     */
    private static void checkFiles(Settings s) {
        if (s.authDisabled()) {
            return;
        }
        if (s.get(Settings.AUTH_FILE).isPresent() && s.get(Settings.LDAP_URL).isEmpty()
                && !Files.isRegularFile(s.authFile())) {
            throw new IllegalStateException(Settings.AUTH_FILE + ": no such file: " + s.authFile());
        }
        if (s.get(Settings.ACLS_DIR).isPresent() && !Files.isDirectory(s.aclsDir())) {
            throw new IllegalStateException(Settings.ACLS_DIR + ": no such directory: " + s.aclsDir());
        }
    }

    private static String constant(Field field) {
        try {
            return (String) field.get(null);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }
}
