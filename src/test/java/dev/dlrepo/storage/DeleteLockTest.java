package dev.dlrepo.storage;

import dev.dlrepo.testing.Threads;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A delete of a job, tag or branch waits for its formats' locks: a commit or fold never races it. */
class DeleteLockTest {
    @TempDir
    Path root;

    static Stream<Arguments> deletes() {
        return Stream.<Arguments>of(
                Arguments.of("the job", (Consumer<Store>) s -> s.repository.deleteJob(Store.format("j", "bin").job())),
                Arguments.of("the tag", (Consumer<Store>) s -> s.repository.deleteTag(Store.format("j", "bin").job().tag())),
                Arguments.of("the branch", (Consumer<Store>) s -> s.repository.deleteBranch(Store.format("j", "bin").job().tag().branch())),
                Arguments.of("the tag by retention", (Consumer<Store>) s -> new Expiry(s.tree, s.locks).delete(Store.format("j", "bin").job().tag())));
    }

    @ParameterizedTest(name = "deleting {0}")
    @MethodSource("deletes")
    void a_delete_waits_while_a_format_of_it_is_locked(String what, Consumer<Store> delete) throws Exception {
        // given a format with a file, and its lock held (a commit or a fold in progress)
        Store store = new Store(root);
        store.upload("j", "a", "a");
        FormatRef format = Store.format("j", "bin");
        CompletableFuture<Void> deleting;
        try (Held folding = store.locks.format(format)) {
            // when the job, tag or branch is deleted meanwhile
            deleting = Threads.untilItWaits(() -> delete.accept(store));
            // then nothing is gone while the lock is held
            assertTrue(Files.isDirectory(format.dir(root)), "the format stays while its lock is held");
            assertFalse(deleting.isDone(), "the delete waits");
        }
        deleting.get();
        assertFalse(Files.exists(format.dir(root)), "deleted once the lock is free");
    }
}
