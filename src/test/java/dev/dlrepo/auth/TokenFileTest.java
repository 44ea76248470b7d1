package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The token file's bytes stay those of earlier versions, and their files stay readable. */
class TokenFileTest {
    // as the hand-mapped writer of earlier versions wrote it
    private static final String WRITTEN = """
            {
              "tokens" : [ {
                "id" : "t1",
                "login" : "alice",
                "name" : "ci",
                "sha256" : "ab12",
                "groups" : [ "dev", "ops" ],
                "mode" : "file",
                "account" : "pbkdf2-sha256:x",
                "created" : "2026-01-02T03:04:05Z",
                "expires" : null,
                "last_used" : "2026-01-03T00:00:00Z"
              }, {
                "id" : "t2",
                "login" : "alice",
                "name" : "",
                "sha256" : "cd34",
                "groups" : [ ],
                "mode" : "header",
                "account" : null,
                "created" : "2026-01-02T03:04:05.123Z",
                "expires" : "2027-01-01T00:00:00Z",
                "last_used" : null
              } ]
            }""";

    private static final List<Tokens.Entry> ENTRIES = List.of(
            new Tokens.Entry("t1", "alice", "ci", "ab12", Set.of("ops", "dev"), "file", Optional.of("pbkdf2-sha256:x"),
                    Instant.parse("2026-01-02T03:04:05Z"), Optional.empty(), Optional.of(Instant.parse("2026-01-03T00:00:00Z"))),
            new Tokens.Entry("t2", "alice", "", "cd34", Set.of(), "header", Optional.empty(),
                    Instant.parse("2026-01-02T03:04:05.123Z"), Optional.of(Instant.parse("2027-01-01T00:00:00Z")), Optional.empty()));

    @Test
    void tokens_are_written_byte_for_byte_as_before() throws Exception {
        assertEquals(WRITTEN, new String(TokenFile.of(ENTRIES).bytes(), StandardCharsets.UTF_8));
    }

    @Test
    void a_file_of_another_version_is_read_missing_fields_empty_unknown_ones_passed_over() throws Exception {
        assertEquals(ENTRIES, TokenFile.parse(WRITTEN.getBytes(StandardCharsets.UTF_8)).entries());
        String old = "{\"tokens\": [{\"id\": \"t3\", \"login\": \"bob\", \"sha256\": \"ef\", \"groups\": [\"b\", \"a\"],"
                + " \"mode\": \"ldap\", \"created\": \"2026-01-02T03:04:05Z\", \"later\": {\"x\": 1}}], \"version\": 2}";
        assertEquals(List.of(new Tokens.Entry("t3", "bob", "", "ef", Set.of("a", "b"), "ldap", Optional.empty(),
                Instant.parse("2026-01-02T03:04:05Z"), Optional.empty(), Optional.empty())),
                TokenFile.parse(old.getBytes(StandardCharsets.UTF_8)).entries());
    }
}
