package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.config.Settings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACL example of docs/security.md, read out of the document, installed as ACL files and
 * asked what the text says it grants: copying the example must give what the page promises.
 */
class DocumentedAclsTest {
    @TempDir
    Path dir;

    @Test
    void the_example_of_security_md_grants_what_its_text_says() throws IOException {
        // given the example's files, as an operator would copy them
        Map<String, String> files = example(Path.of("docs/security.md"));
        assertEquals(new TreeSet<>(Set.of("developers", "release-managers", "ci", "ANONYMOUS")), new TreeSet<>(files.keySet()));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(dir.resolve(f.getKey()), f.getValue(), StandardCharsets.UTF_8);
        }
        Acls acls = new Acls(Settings.of(Map.of(Settings.ACLS_DIR, dir.toString())));
        Identity dev = new Identity("alice", Set.of("developers"), AuthMode.BASIC);
        Identity manager = new Identity("max", Set.of("release-managers"), AuthMode.BASIC);
        Identity ci = new Identity("jenkins", Set.of("ci"), AuthMode.BASIC);
        Identity anonymous = Identity.ANONYMOUS;

        // developers: rw on the main tree, the products and the registry
        for (String path : List.of("/branches/main/t1/job/bin/a.rpm", "/products/p/v/x/f/a.iso", "/v2/app/manifests/1")) {
            assertTrue(allows(acls, dev, "GET", path) && allows(acls, dev, "PUT", path) && allows(acls, dev, "DELETE", path), path);
        }
        // read every user's repository, write only one's own (and one's own registry names)
        assertTrue(allows(acls, dev, "GET", "/~bob/branches/b/t/j/f/a"));
        assertRefused(acls, dev, "PUT", "/~bob/branches/b/t/j/f/a");
        assertTrue(allows(acls, dev, "PUT", "/~alice/branches/b/t/j/f/a"));
        assertTrue(allows(acls, dev, "DELETE", "/~alice/branches/b/"));
        assertTrue(allows(acls, dev, "PUT", "/v2/u/alice/app/manifests/1"));
        // release managers: everything
        assertTrue(allows(acls, manager, "DELETE", "/branches/main/released-1/"));
        assertTrue(allows(acls, manager, "POST", "/branches/main/released-1/"));
        // ci: reads and adds builds, never deletes, never touches releases
        assertTrue(allows(acls, ci, "PUT", "/branches/main/t1/job/bin/a.rpm"));
        assertTrue(allows(acls, ci, "GET", "/branches/main/t1/job/bin/a.rpm"));
        assertRefused(acls, ci, "DELETE", "/branches/main/t1/");
        assertRefused(acls, ci, "PUT", "/branches/main/released-1/job/bin/a.rpm");
        // anonymous: reads the products but the secret ones, writes nothing
        assertTrue(allows(acls, anonymous, "GET", "/products/p/v/x/f/a.iso"));
        assertRefused(acls, anonymous, "GET", "/products/secret/v/x/f/a.iso");
        assertRefused(acls, anonymous, "GET", "/branches/main/");
    }

    private static boolean allows(Acls acls, Identity who, String method, String path) {
        return acls.allows(who, Right.neededFor(method, path), path);
    }

    private static void assertRefused(Acls acls, Identity who, String method, String path) {
        assertTrue(!allows(acls, who, method, path), who.login() + " must not " + method + " " + path);
    }

    /** The fenced block after "## ACL files", split into files by its {@code # acls/<group>} lines. */
    static Map<String, String> example(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc, StandardCharsets.UTF_8);
        int i = lines.indexOf("## ACL files");
        assertTrue(i >= 0, "docs/security.md has an \"## ACL files\" section");
        while (!lines.get(i).equals("```")) {
            i++;
        }
        Map<String, String> files = new java.util.LinkedHashMap<>();
        String current = null;
        List<String> body = new ArrayList<>();
        for (i++; !lines.get(i).equals("```"); i++) {
            String line = lines.get(i);
            if (line.startsWith("# acls/")) {
                if (current != null) {
                    files.put(current, String.join("\n", body) + "\n");
                }
                current = line.substring("# acls/".length()).trim();
                body = new ArrayList<>();
            } else {
                body.add(line);
            }
        }
        files.put(current, String.join("\n", body) + "\n");
        return files;
    }
}
