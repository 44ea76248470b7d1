package dev.dlrepo.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.error.InvalidDigest;
import dev.dlrepo.error.NotFound;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValuesTest {
    static final String HEX = "a948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447";

    @Test
    void a_digest_is_parsed_and_upper_case_hex_is_lower_cased() {
        assertEquals(new Digest("sha256", HEX), Digest.parse("sha256:" + HEX.toUpperCase()));
        assertEquals("sha256:" + HEX, Digest.parse("SHA256:" + HEX).toString());
    }

    @Test
    void a_missing_digest_is_refused_with_upstreams_words() {
        InvalidDigest e = assertThrows(InvalidDigest.class, () -> Digest.parse(null));
        assertEquals("invalid digest: None", e.reason());
        assertEquals(422, e.status());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sha256:xyz", "crc32:abcd", "nope", ":" + HEX, "sha256:" + HEX + "0", "sha256:" + "g"
            + "948904f2f0f479b8f8197694b30184b0d2ed1c1cd2a1ec0fb85d299a192a447", "sha256:"})
    void a_malformed_or_unsupported_digest_is_refused_with_its_value(String header) {
        assertEquals("invalid digest: " + header, assertThrows(InvalidDigest.class, () -> Digest.parse(header)).reason());
    }

    @Test
    void names_are_lower_cased() {
        assertEquals("main", Name.of("Main").value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ".x", ".", "..", "a/b", "a\\b", "a\u0000b", "a\nb"})
    void names_that_cannot_be_held_are_not_found(String name) {
        assertThrows(NotFound.class, () -> Name.of(name));
    }

    @Test
    void an_over_long_name_is_not_found() {
        assertThrows(NotFound.class, () -> Name.of("x".repeat(256)));
        assertEquals(255, Name.of("x".repeat(255)).value().length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.txt", "a/b/c.txt", ".treeinfo", "images/.discinfo", "A B.rpm", "sub/.digests"})
    void artifact_paths_keep_their_case_and_may_hold_dot_files(String path) {
        assertEquals(path, new ArtifactPath(path).value());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/abs", "a/../b", "..", ".", "a/./b", "a//b", "a/", ".digests", ".dirty", ".internal", ".digests.journal",
            "a\u0000b", "a\u0001", "a\\b"})
    void unsafe_artifact_paths_are_refused_with_the_path_as_reason(String path) {
        assertEquals(path, assertThrows(BadRequest.class, () -> new ArtifactPath(path)).reason());
    }

    @Test
    void over_long_artifact_paths_are_refused() {
        assertThrows(BadRequest.class, () -> new ArtifactPath("x".repeat(256)));
        assertThrows(BadRequest.class, () -> new ArtifactPath(String.join("/", java.util.Collections.nCopies(1000, "abcd"))));
    }

    @Test
    void json_files_are_written_byte_for_byte_as_python_writes_them() {
        Map<String, String> digests = new TreeMap<>(Map.of("b/c", "sha256:2", "a", "sha256:1"));
        assertEquals("{\"a\": \"sha256:1\", \"b/c\": \"sha256:2\"}", new String(PyJson.sortedObject(digests)));
        assertEquals("{\"k\": \"\\u00e9\\ud83d\\ude00\\\"\\\\\\n\\u0001\\u007f/\"}",
                new String(PyJson.sortedObject(Map.of("k", "é😀\"\\\n\u0001\u007f/"))));
        assertEquals("[1795584285.1579583, 1700000000.0, 0, true, null]",
                PyJson.encode(java.util.Arrays.asList(1795584285.1579583, 1700000000.0, 0.0, true, null)));
    }
}
