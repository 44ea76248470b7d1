package dev.dlrepo.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A deployment's own authentication files (auth file, ACL directory...) written by the test. */
final class AuthConf {
    final Path dir;

    AuthConf(String name) {
        this.dir = Path.of(Deployments.emptyDataDir(name + "-conf"));
        try {
            Files.createDirectories(dir.resolve("acls"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AuthConf acl(String group, String lines) {
        return write("acls/" + group, lines + "\n");
    }

    AuthConf write(String file, String content) {
        try {
            Files.writeString(dir.resolve(file), content);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String path(String file) {
        return dir.resolve(file).toString();
    }
}
