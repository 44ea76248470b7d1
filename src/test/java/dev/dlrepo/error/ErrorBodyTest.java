package dev.dlrepo.error;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.dlrepo.storage.PyJson;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
    // reasons that need escaping: quotes, backslashes, control characters, non-ASCII, a pair above U+FFFF, DEL
    private static final List<String> REASONS = List.of("Not Found", "say \"no\"", "C:\\dir\\", "line\nnext\r\t",
            "\b\f\u0001\u001f", "caf\u00e9", "\u6587\u5b57", "\ud83d\ude00", "\u007f", "", "</script>");

    @Test
    void an_error_body_is_what_pythons_json_dumps_writes_for_every_reason() {
        for (String reason : REASONS) {
            assertEquals(PyJson.encode(Map.of("error", reason)), ErrorBody.of(reason), reason);
        }
    }

    @Test
    void a_reason_with_a_quote_a_newline_and_non_ascii_is_escaped_not_written_raw() {
        assertEquals("{\"error\": \"say \\\"no\\\"\\nto caf\\u00e9\"}", ErrorBody.of("say \"no\"\nto caf\u00e9"));
    }

    @Test
    void a_failed_post_process_carries_its_output_after_the_reason() {
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("error", "post process failed");
        expected.put("output", "exit 2\n\"oops\"");
        assertEquals(PyJson.encode(expected), ErrorBody.of("post process failed", "exit 2\n\"oops\""));
    }

    @Test
    void a_registry_error_escapes_its_message_too() {
        assertEquals("{\"errors\": [{\"code\": \"UNAVAILABLE\", \"message\": \"LDAP \\\"down\\\"\\n\"}]}",
                ErrorBody.registry("UNAVAILABLE", "LDAP \"down\"\n"));
    }

    @Test
    void the_reason_table_says_what_jakarta_rest_says_for_each_listed_status() {
        for (int status : Reasons.listed()) {
            assertEquals(Response.Status.fromStatusCode(status).getReasonPhrase(), Reasons.of(status), "status " + status);
        }
        assertEquals("Error", Reasons.of(418));
        assertEquals("Internal Server Error", Reasons.of(599));
        assertEquals("{\"error\": \"Request Entity Too Large\"}", Reasons.body(413));
    }
}
