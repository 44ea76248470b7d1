package dev.dlrepo.auth;

import dev.dlrepo.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upstream's auth file: {@code login:password:group [group...]}, clear-text passwords (the last
 * {@code :} before the groups ends the password), read again when it changes.
 */
@ApplicationScoped
public class AuthFile {
    private static final Logger LOG = Logger.getLogger(AuthFile.class.getName());
    private static final Pattern LINE = Pattern.compile("^([^:]+):(.+):([\\w\\- \\t]+)$");
    private Snapshot<Map<String, User>> users;
    private boolean ignorePasswords;

    record User(byte[] password, Set<String> groups) {
    }

    protected AuthFile() {
    }

    @Inject
    public AuthFile(Settings settings) {
        Path file = settings.authFile();
        this.users = new Snapshot<>(file, AuthFile::load);
        this.ignorePasswords = settings.ignorePasswords();
    }

    /** The user's groups if the login exists and the password is right; empty otherwise. */
    public Optional<Set<String>> check(String login, String password) {
        User user = users.get().get(login);
        if (user == null) {
            return Optional.empty();
        }
        boolean right = ignorePasswords
                || MessageDigest.isEqual(user.password, password.getBytes(StandardCharsets.UTF_8));
        return right ? Optional.of(user.groups) : Optional.empty();
    }

    /** The groups of a login that exists, whatever its password (tokens re-check their user). */
    public Optional<Set<String>> groupsOf(String login) {
        return Optional.ofNullable(users.get().get(login)).map(User::groups);
    }

    /** The password of a login that exists, as the file gives it (tokens are bound to it). */
    Optional<byte[]> password(String login) {
        return Optional.ofNullable(users.get().get(login)).map(u -> u.password.clone());
    }

    /** Changes (to a new object) whenever the file was read again: cached logins are stale then. */
    Object version() {
        return users.get();
    }

    public void reload() {
        users.reload();
    }

    private static Map<String, User> load(Path file) {
        Map<String, User> out = new HashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Matcher m = LINE.matcher(line.strip());
                if (!m.matches()) {
                    continue;
                }
                Set<String> groups = Set.copyOf(java.util.Arrays.asList(m.group(3).trim().split("\\s+")));
                if (groups.isEmpty() || groups.contains("")) {
                    continue;
                }
                out.put(m.group(1), new User(m.group(2).getBytes(StandardCharsets.UTF_8), groups));
            }
        } catch (IOException e) {
            LOG.warning("cannot read auth file " + file + ": " + e);
        }
        return out;
    }
}
