package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.dlrepo.archive.TarContents;
import dev.dlrepo.error.NotFound;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchivesTest {
    static final Predicate<FormatRef> EVERYTHING = f -> true;
    static final String A = "a".repeat(64);
    static final String B = "b".repeat(64);
    static final String C = "c".repeat(64);
    @TempDir
    Path root;
    Archives archives;

    @BeforeEach
    void archives() {
        archives = new Archives(new Tree(root));
    }

    @Test
    void a_format_archive_holds_its_digests_files_sorted_with_their_modes_sizes_and_times_then_the_checksums() throws IOException {
        // given a format whose .digests names four files, one of them gone, one with an md5 digest
        Path dir = format("job1", "bin");
        file(dir, "b.txt", "bee", "rw-r--r--", 1_600_000_000L);
        file(dir, "a/z.bin", "zed", "rwxr-xr-x", 1_500_000_000L);
        file(dir, "A.txt", "upper", "r--r--r--", 0L); // no time: takes the format's
        file(dir, "old.txt", "md5 only", "rw-r--r--", 1_400_000_000L);
        file(dir, "stray.txt", "not in .digests", "rw-r--r--", 1_400_000_000L);
        digests(dir, Map.of("b.txt", "sha256:" + B, "a/z.bin", "sha256:" + A, "A.txt", "sha256:" + C,
                "old.txt", "md5:" + "0".repeat(32), "gone.txt", "sha256:" + C, "../../../etc/passwd", "sha256:" + C),
                1_700_000_000L);
        // when
        Archive archive = archives.format(Store.format("job1", "bin"), EVERYTHING);
        byte[] tar = write(archive);
        // then
        assertEquals("job1-t1-bin", archive.name());
        TarContents read = TarContents.read(tar);
        assertEquals(List.of("job1-t1-bin/A.txt", "job1-t1-bin/a/z.bin", "job1-t1-bin/b.txt", "job1-t1-bin/old.txt",
                "job1-t1-bin/SHA256SUMS.txt"), read.names());
        assertEquals(0444, read.get("job1-t1-bin/A.txt").mode());
        assertEquals(0755, read.get("job1-t1-bin/a/z.bin").mode());
        assertEquals(0644, read.get("job1-t1-bin/b.txt").mode());
        assertEquals(1_700_000_000L, read.get("job1-t1-bin/A.txt").mtime(), "mtime 0 takes the format's timestamp");
        assertEquals(1_500_000_000L, read.get("job1-t1-bin/a/z.bin").mtime());
        assertEquals(1_600_000_000L, read.get("job1-t1-bin/b.txt").mtime());
        assertEquals(3, read.get("job1-t1-bin/b.txt").size());
        assertEquals("zed", read.get("job1-t1-bin/a/z.bin").text());
        TarContents.Member sums = read.get("job1-t1-bin/SHA256SUMS.txt");
        assertEquals(C + "  A.txt\n" + A + "  a/z.bin\n" + B + "  b.txt\n", sums.text());
        assertEquals(0644, sums.mode());
        assertEquals(1_700_000_000L, sums.mtime(), "the format's timestamp: its .digests mtime");
        assertEquals(0, tar.length % 10240);
    }

    @Test
    void a_format_without_sha256_digests_has_no_checksum_list() throws IOException {
        Path dir = format("job1", "bin");
        file(dir, "x", "x", "rw-r--r--", 1_600_000_000L);
        digests(dir, Map.of("x", "md5:" + "0".repeat(32)), 1_700_000_000L);
        assertEquals(List.of("job1-t1-bin/x"), TarContents.read(write(archives.format(Store.format("job1", "bin"), EVERYTHING))).names());
    }

    @Test
    void a_job_archive_holds_every_readable_format_and_is_named_after_the_product_version() throws IOException {
        // given a job with three formats and product metadata; the caller may not read rpm
        for (String f : List.of("deb", "doc", "rpm")) {
            Path dir = format("job1", f);
            file(dir, "pkg." + f, f, "rw-r--r--", 0L);
            digests(dir, Map.of("pkg." + f, "sha256:" + A), 1_700_000_000L);
        }
        Path job = root.resolve("branches/main/t1/job1");
        Files.writeString(job.resolve(".metadata"), "{\"product\": \"foo\", \"product_branch\": \"1.x\", \"product_variant\": \"x86\", \"version\": \"1.2.0\"}");
        Files.createFile(job.resolve(".stamp"));
        Files.setLastModifiedTime(job.resolve(".stamp"), FileTime.fromMillis(1_650_000_000_500L));
        // when
        Archive archive = archives.job(Store.format("job1", "x").job(), f -> !f.name().value().equals("rpm"));
        TarContents read = TarContents.read(write(archive));
        // then
        assertEquals("foo-x86-v1.2.0", archive.name());
        assertEquals(List.of("foo-x86-v1.2.0/deb/pkg.deb", "foo-x86-v1.2.0/doc/pkg.doc", "foo-x86-v1.2.0/SHA256SUMS.txt"), read.names());
        assertEquals(A + "  deb/pkg.deb\n" + A + "  doc/pkg.doc\n", read.get("foo-x86-v1.2.0/SHA256SUMS.txt").text());
        assertEquals(1_650_000_000L, read.get("foo-x86-v1.2.0/deb/pkg.deb").mtime(), "mtime 0 takes the job's timestamp");
        assertEquals(1_650_000_000L, read.get("foo-x86-v1.2.0/SHA256SUMS.txt").mtime());
    }

    @Test
    void without_the_three_product_keys_a_job_archive_is_named_job_tag_and_a_format_archive_adds_the_format() {
        Path dir = format("build-7", "bin");
        digests(dir, Map.of(), 1_700_000_000L);
        writeMetadata("build-7", "{\"product\": \"foo\", \"version\": \"1\"}");
        assertEquals("build-7-t1", archives.job(Store.format("build-7", "bin").job(), EVERYTHING).name());
        assertEquals("build-7-t1-bin", archives.format(Store.format("build-7", "bin"), EVERYTHING).name());
    }

    @Test
    void a_slash_in_metadata_never_makes_the_archive_directory_a_path() {
        format("job1", "bin");
        writeMetadata("job1", "{\"product\": \"../../etc\", \"product_variant\": \"x\", \"version\": \"1\"}");
        assertEquals(".._.._etc-x-v1", archives.job(Store.format("job1", "bin").job(), EVERYTHING).name());
    }

    @Test
    void a_job_that_does_not_exist_is_an_archive_without_members() throws IOException {
        Archive archive = archives.job(Store.format("nope", "bin").job(), EVERYTHING);
        assertEquals("nope-t1", archive.name());
        byte[] tar = write(archive);
        assertArrayEquals(new byte[10240], tar);
    }

    @Test
    void a_format_that_does_not_exist_or_may_not_be_read_is_not_found() {
        format("job1", "bin");
        assertThrows(NotFound.class, () -> archives.format(Store.format("job1", "nope"), EVERYTHING));
        assertThrows(NotFound.class, () -> archives.format(Store.format("job1", "bin"), f -> false));
        assertThrows(NotFound.class, () -> archives.format(FormatRef.of(Repo.ROOT, "main", "latest", "job1", "bin"), EVERYTHING));
    }

    @Test
    void dirty_formats_are_archived_and_say_so() throws IOException {
        Path dir = format("job1", "bin");
        digests(dir, Map.of(), 1_700_000_000L);
        assertFalse(archives.format(Store.format("job1", "bin"), EVERYTHING).dirty());
        Files.createFile(dir.resolve(".dirty"));
        assertTrue(archives.format(Store.format("job1", "bin"), EVERYTHING).dirty());
    }

    @Test
    void members_sort_by_code_point_as_upstream_and_unicode_names_survive() throws IOException {
        // U+E000 sorts before U+1F600 by code point, after it by UTF-16 unit
        Path dir = format("job1", "bin");
        String privateUse = "\uE000.txt";
        String emoji = "😀/été.txt";
        file(dir, privateUse, "1", "rw-r--r--", 1L);
        file(dir, emoji, "2", "rw-r--r--", 1L);
        digests(dir, Map.of(privateUse, "sha256:" + A, emoji, "sha256:" + B), 1L);
        TarContents read = TarContents.read(write(archives.format(Store.format("job1", "bin"), EVERYTHING)));
        assertEquals(List.of("job1-t1-bin/" + privateUse, "job1-t1-bin/" + emoji, "job1-t1-bin/SHA256SUMS.txt"), read.names());
        assertEquals(A + "  " + privateUse + "\n" + B + "  " + emoji + "\n", read.get("job1-t1-bin/SHA256SUMS.txt").text());
    }

    @Test
    void an_uploaded_file_is_archived_with_its_blobs_mode_and_bytes() throws IOException {
        Store store = new Store(root);
        store.upload("job1", "hello.txt", "hello world\n");
        TarContents read = TarContents.read(write(archives.format(Store.format("job1", "bin"), EVERYTHING)));
        assertEquals("hello world\n", read.get("job1-t1-bin/hello.txt").text());
        assertEquals(0444, read.get("job1-t1-bin/hello.txt").mode(), "blobs are read-only");
        assertEquals("a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447  hello.txt\n",
                read.get("job1-t1-bin/SHA256SUMS.txt").text());
    }

    @Test
    void a_member_over_8_GiB_gets_a_pax_size_record_and_every_byte_without_the_archive_being_kept() throws IOException {
        // given a sparse file of 8 GiB + 1 (no disk used) and a small file after it
        long size = (8L << 30) + 1;
        Path dir = format("job1", "iso");
        Path big = dir.resolve("big.iso");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(size);
        }
        file(dir, "small.txt", "small", "rw-r--r--", 1_600_000_000L);
        digests(dir, Map.of("big.iso", "sha256:" + A, "small.txt", "sha256:" + B), 1_700_000_000L);
        // when streamed into a counter that keeps only the first blocks and what follows the big content
        long bigHeader = 3 * 512; // pax header, its records, the ustar header
        long afterBig = bigHeader + (size + 511) / 512 * 512;
        Window out = new Window(bigHeader, afterBig);
        long length = archives.format(Store.format("job1", "iso"), EVERYTHING).writeTo(out);
        // then the size travels in a pax record that any reader understands
        assertEquals(length, out.count);
        assertEquals(0, length % 10240);
        String records = new String(out.head, 512, 512, StandardCharsets.UTF_8);
        assertTrue(records.contains(" size=" + size + "\n"), records);
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(out.head))) {
            TarArchiveEntry e = in.getNextEntry();
            assertEquals("job1-t1-iso/big.iso", e.getName());
            assertEquals(size, e.getSize());
        }
        // and the members after it start exactly where 8 GiB + 1 of content and its padding end
        TarContents rest = TarContents.read(out.tail.toByteArray());
        assertEquals(List.of("job1-t1-iso/small.txt", "job1-t1-iso/SHA256SUMS.txt"), rest.names());
        assertEquals("small", rest.get("job1-t1-iso/small.txt").text());
        assertEquals(A + "  big.iso\n" + B + "  small.txt\n", rest.get("job1-t1-iso/SHA256SUMS.txt").text());
        assertEquals(length - afterBig, out.tail.size());
    }

    /** Counts every byte; keeps the first {@code headLength} and everything from {@code tailFrom}. */
    static final class Window extends OutputStream {
        final byte[] head;
        final long tailFrom;
        final ByteArrayOutputStream tail = new ByteArrayOutputStream();
        long count;

        Window(long headLength, long tailFrom) {
            this.head = new byte[(int) headLength];
            this.tailFrom = tailFrom;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                long at = count + i;
                if (at < head.length) {
                    head[(int) at] = b[off + i];
                } else if (at >= tailFrom) {
                    tail.write(b, off + i, len - i);
                    break;
                } else if (tailFrom - at > len - i) {
                    break; // the rest of this write is in the middle: nothing to keep
                } else {
                    i = (int) (tailFrom - count) - 1;
                }
            }
            count += len;
        }
    }

    private Path format(String job, String format) {
        Path dir = Store.format(job, format).dir(root);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    private void writeMetadata(String job, String json) {
        try {
            Files.writeString(root.resolve("branches/main/t1").resolve(job).resolve(".metadata"), json);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void file(Path dir, String path, String content, String mode, long mtime) throws IOException {
        Path f = dir.resolve(path);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
        Files.setLastModifiedTime(f, FileTime.fromMillis(mtime * 1000));
    }

    private static void digests(Path dir, Map<String, String> digests, long mtime) {
        try {
            Files.write(dir.resolve(".digests"), PyJson.sortedObject(new TreeMap<>(digests)));
            Files.setLastModifiedTime(dir.resolve(".digests"), FileTime.fromMillis(mtime * 1000));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] write(Archive archive) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long length = archive.writeTo(out);
        assertEquals(length, out.size());
        return out.toByteArray();
    }
}
