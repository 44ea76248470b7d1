package dev.dlrepo.storage;

import static dev.dlrepo.storage.Store.inode;
import static dev.dlrepo.storage.Store.utf8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.NotFound;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeleteTest {
    @TempDir
    Path root;
    Store store;
    Object sharedInode;

    @BeforeEach
    void two_jobs_sharing_a_file() throws Exception {
        store = new Store(root);
        store.upload("job1", "shared.txt", "shared");
        store.upload(new JobRef(BranchRef.of(Repo.ROOT, "other").tag("t9"), Name.of("keep")).format("bin"),
                "shared.txt", utf8("shared"));
        sharedInode = inode(store.blob(utf8("shared")));
    }

    @Test
    void deleting_a_format_a_job_a_tag_or_a_branch_never_breaks_another_jobs_link() throws Exception {
        store.repository.deleteFormat(Store.format("job1", "bin"));
        store.upload("job1", "shared.txt", "shared");
        store.repository.deleteJob(Store.format("job1", "bin").job());
        store.upload("job1", "shared.txt", "shared");
        store.repository.deleteTag(Store.format("job1", "bin").job().tag());
        store.upload("job1", "shared.txt", "shared");
        store.repository.deleteBranch(BranchRef.of(Repo.ROOT, "main"));
        assertFalse(Files.exists(root.resolve("branches/main")));
        Path kept = root.resolve("branches/other/t9/keep/bin/shared.txt");
        assertEquals("shared", Files.readString(kept));
        assertEquals(sharedInode, inode(kept));
        assertEquals(sharedInode, inode(store.blob(utf8("shared"))));
        try (var trash = Files.list(root.resolve(".trash"))) {
            assertEquals(0, trash.count(), "nothing left half-deleted");
        }
    }

    @Test
    void locked_and_released_tags_protect_themselves_and_their_branch() throws Exception {
        Path tag = root.resolve("branches/main/t1");
        Files.createFile(tag.resolve(".locked"));
        assertEquals("Tag t1 is locked", assertThrows(BadRequest.class,
                () -> store.repository.deleteTag(Store.format("job1", "bin").job().tag())).reason());
        assertEquals("Tag t1 is locked", assertThrows(BadRequest.class,
                () -> store.repository.deleteBranch(BranchRef.of(Repo.ROOT, "main"))).reason());
        Files.delete(tag.resolve(".locked"));
        Files.createFile(tag.resolve(".released"));
        assertEquals("Tag t1 is released, unrelease it first", assertThrows(BadRequest.class,
                () -> store.repository.deleteTag(Store.format("job1", "bin").job().tag())).reason());
        assertTrue(Files.exists(store.file("job1", "shared.txt")), "nothing deleted");
    }

    @Test
    void a_locked_jobs_formats_stay_unless_internal_but_the_job_itself_can_go() throws Exception {
        Files.createFile(root.resolve("branches/main/t1/job1/.locked"));
        assertEquals("Cannot delete format: job is locked", assertThrows(BadRequest.class,
                () -> store.repository.deleteFormat(Store.format("job1", "bin"))).reason());
        new Store(root, "DLREPO_INTERNAL_FORMAT_FILTER", "bin").repository.deleteFormat(Store.format("job1", "bin"));
        store.repository.deleteJob(Store.format("job1", "bin").job());
        assertFalse(Files.exists(root.resolve("branches/main/t1/job1")));
    }

    @Test
    void deleting_what_does_not_exist_is_not_found() {
        assertThrows(NotFound.class, () -> store.repository.deleteFormat(Store.format("job1", "nope")));
        assertThrows(NotFound.class, () -> store.repository.deleteJob(Store.format("nope", "bin").job()));
        assertThrows(NotFound.class, () -> store.repository.deleteTag(BranchRef.of(Repo.ROOT, "main").tag("nope")));
        assertThrows(NotFound.class, () -> store.repository.deleteBranch(BranchRef.of(Repo.ROOT, "nope")));
    }
}
