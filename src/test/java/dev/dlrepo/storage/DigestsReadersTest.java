package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Readers and writers share one digests cache: a download does not parse the format's files again. */
class DigestsReadersTest {
    @TempDir
    Path root;

    @Test
    void downloads_and_listings_of_a_format_just_written_parse_nothing_again() {
        // given a format written by this server (its digests cached, its journal not folded yet)
        Store store = new Store(root);
        store.upload("j", "a.bin", "a");
        store.upload("j", "b.bin", "b");
        FormatRef format = Store.format("j", "bin");
        long before = DigestsFile.PARSES.sum();

        // when its files are downloaded, its digests listed and the format asked for, again and again
        for (int i = 0; i < 10; i++) {
            assertEquals(Store.digest(Store.utf8("a")), store.repository.file(format, new ArtifactPath("a.bin")).digest().orElseThrow());
            assertEquals(2, store.repository.digests(format).size());
            assertEquals(2, store.repository.format(format).files().size());
        }

        // then nothing was parsed again: the writer's cache answered
        assertEquals(0, DigestsFile.PARSES.sum() - before, "parses of .digests and the journal");
    }

    @Test
    void a_reader_sees_what_another_process_wrote() throws Exception {
        // given a format cached here, then changed behind the cache's back (another server, a hand edit)
        Store store = new Store(root);
        store.upload("j", "a.bin", "a");
        FormatRef format = Store.format("j", "bin");
        store.repository.digests(format);
        store.formats.fold(format);
        java.nio.file.Files.writeString(format.dir(root).resolve(".digests.journal"), "{\"c.bin\": \"sha256:" + "0".repeat(64) + "\"}\n");
        // when it is listed, then the other process's file is there
        assertEquals(java.util.Set.of("a.bin", "c.bin"), store.repository.digests(format).keySet());
    }
}
