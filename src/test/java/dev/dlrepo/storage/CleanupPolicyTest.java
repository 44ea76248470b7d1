package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The listing of a branch and the retention read {@code .cleanup_policy} the same way: upstream's. */
class CleanupPolicyTest {
    @TempDir
    Path root;

    @Test
    void a_boolean_and_a_float_in_the_policy_file_are_listed_as_retention_applies_them() throws IOException {
        // given a branch whose policy file holds a JSON boolean and a float, as a hand edit may leave it
        Store store = new Store(root);
        store.upload("j", "a", "a");
        BranchRef branch = Store.format("j", "bin").job().tag().branch();
        Files.writeString(branch.dir(root).resolve(".cleanup_policy"), "{\"max_daily_tags\": true, \"max_released_tags\": 2.5}");

        // when the branch is listed, the repository's branches too, and the retention reads the policy
        CleanupPolicy listed = store.repository.branch(branch, false).policy();
        CleanupPolicy summarised = store.repository.branches(Repo.ROOT).get(0).policy();
        CleanupPolicy applied = new Expiry(store.tree, store.locks).policy(branch);

        // then all three say what Python's retention does: True is 1, a float is ignored (unlimited)
        assertEquals(new CleanupPolicy(1, 0), applied, "retention");
        assertEquals(applied, listed, "the branch's listing");
        assertEquals(applied, summarised, "the repository's listing");
    }
}
