package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.inode;
import static dev.dlrepo.storage.Store.nlink;
import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinkLimitTest {
    @TempDir
    Path root;

    @Test
    void an_inode_at_the_configured_limit_gets_a_second_copy_that_deduplication_goes_on_with() throws Exception {
        Store store = new Store(root, "DLREPO_MAX_LINKS", "5");
        // when the same bytes are linked into ten places
        for (int i = 0; i < 10; i++) {
            store.upload("job1", "f" + i, "popular");
        }
        // then no inode holds more than 5 names: blob and copies each take four files
        Path blob = store.blob(utf8("popular"));
        Path copy1 = blob.resolveSibling(blob.getFileName() + ".1");
        Path copy2 = blob.resolveSibling(blob.getFileName() + ".2");
        assertEquals(5L, nlink(blob));
        assertEquals(5L, nlink(copy1), "deduplication goes on against the copy");
        assertEquals(3L, nlink(copy2), "copy + the last two files");
        assertEquals("r--r--r--", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(copy1)));
        java.util.Set<Object> inodes = java.util.Set.of(inode(blob), inode(copy1), inode(copy2));
        for (int i = 0; i < 10; i++) {
            Path f = store.file("job1", "f" + i);
            assertEquals("popular", Files.readString(f));
            assertTrue(inodes.contains(inode(f)), f + " is a link of the blob or one of its copies");
        }
    }

    @Test
    void an_inode_at_the_file_systems_hard_link_limit_does_not_fail_an_upload() throws Exception {
        assertEquals("ext4", Files.getFileStore(root).type(),
                "this test needs ext4 (65,000 links per inode) under the build directory");
        Store store = new Store(root);
        store.upload("job1", "first", "crowded");
        Path blob = store.blob(utf8("crowded"));
        // given the blob filled up to the file system's limit
        Path crowd = Files.createDirectories(root.resolve("crowd"));
        int made = 0;
        try {
            while (true) {
                Files.createLink(crowd.resolve(Integer.toString(made)), blob);
                made++;
            }
        } catch (FileSystemException e) {
            assertTrue(LinkLimit.mayBeTheLimit(e, blob), "stopped by the link limit: " + e);
        }
        assertEquals(65_000L, nlink(blob));
        assertThrows(FileSystemException.class, () -> Files.createLink(crowd.resolve("one-more"), blob));
        // when the same bytes are uploaded and linked again
        store.upload("job2", "again", "crowded");
        store.repository.link(Store.format("job3", "bin"), new ArtifactPath("linked"), Store.digest(utf8("crowded")), false, url -> true);
        // then both succeed as links of the second copy
        Path copy = blob.resolveSibling(blob.getFileName() + ".1");
        assertEquals(inode(copy), inode(store.file("job2", "again")));
        assertEquals(inode(copy), inode(Store.format("job3", "bin").dir(root).resolve("linked")));
        assertEquals("crowded", Files.readString(store.file("job2", "again")));
        assertEquals(0, store.uploadsLeft());
        Tree.deleteRecursively(crowd);
    }

    @Test
    void a_failed_link_is_known_as_the_limit_by_the_inode_whatever_the_words_of_the_error() throws Exception {
        // given a blob with a second name, and one with none but its own
        Path shared = Files.writeString(root.resolve("shared"), "x");
        Files.createLink(root.resolve("shared-too"), shared);
        Path alone = Files.writeString(root.resolve("alone"), "y");
        // when link() fails with EMLINK as a C library in another language words it
        FileSystemException localized = new FileSystemException(root.resolve("new").toString(), shared.toString(), "Trop de liens");
        // then the inode with other names may be full, and gets a copy; a single name never is
        assertTrue(LinkLimit.mayBeTheLimit(localized, shared), "EMLINK in French");
        assertFalse(LinkLimit.mayBeTheLimit(new FileSystemException(root.resolve("new").toString(), alone.toString(), "Trop de liens"), alone),
                "an inode with one name is far from any limit");
        assertFalse(LinkLimit.mayBeTheLimit(new java.nio.file.AccessDeniedException(shared.toString()), shared), "a refusal is a refusal");
        assertFalse(LinkLimit.mayBeTheLimit(new java.nio.file.FileAlreadyExistsException(shared.toString()), shared), "a taken name is replaced");
    }
}
