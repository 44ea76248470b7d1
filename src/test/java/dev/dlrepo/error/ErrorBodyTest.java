package dev.dlrepo.error;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class ErrorBodyTest {
    @Test
    void an_error_body_is_upstreams_status_colon_reason_with_no_final_newline() {
        // the exact bodies of transcripts.md
        assertEquals("400: Cannot upload files in locked jobs", ErrorBody.text(400, "Cannot upload files in locked jobs"));
        assertEquals("421: DLREPO_PUBLISH_URL is undefined", ErrorBody.text(421, "DLREPO_PUBLISH_URL is undefined"));
        assertEquals("404: Not Found", ErrorBody.text(404, "Not Found"));
        assertEquals("401: Unauthorized", Reasons.text(401));
        assertEquals("405: Method Not Allowed", Reasons.text(405));
    }

    @Test
    void a_reason_nobody_gave_is_the_statuss_own() {
        assertEquals("404: Not Found", ErrorBody.text(404, null));
        assertEquals("507: Insufficient Storage", ErrorBody.text(507, ""));
    }

    @Test
    void a_reason_keeps_its_quotes_and_non_ascii_and_stays_on_its_line() {
        assertEquals("400: say \"no\" to caf\u00e9", ErrorBody.text(400, "say \"no\" to caf\u00e9"));
        assertEquals("400: a\\nb\\r\\tc\\x01\\x7f", ErrorBody.text(400, "a\nb\r\tc\u0001\u007f"));
        assertFalse(ErrorBody.text(400, "x\ny").contains("\n"));
    }

    @Test
    void a_failed_post_process_carries_its_output_after_the_first_line() {
        assertEquals("500: post process failed\nexit 2\n\"oops\"", ErrorBody.text(500, "post process failed", "exit 2\n\"oops\""));
        assertEquals("500: post process failed", ErrorBody.text(500, "post process failed", null));
    }

    @Test
    void a_registry_error_escapes_its_message_as_json_dumps() {
        assertEquals("{\"errors\": [{\"code\": \"UNAVAILABLE\", \"message\": \"LDAP \\\"down\\\"\\n\"}]}",
                ErrorBody.registry("UNAVAILABLE", "LDAP \"down\"\n"));
        assertEquals("{\"errors\": [{\"code\": \"NAME_UNKNOWN\", \"message\": \"Not Found\"}]}", ErrorBody.registry(404, null));
        assertEquals("{\"errors\": [{\"code\": \"UNKNOWN\", \"message\": \"caf\\u00e9\"}]}", ErrorBody.registry(507, "caf\u00e9"));
    }

    @Test
    void only_the_registry_root_and_what_is_below_it_are_the_registrys() {
        assertTrue(ErrorBody.underRegistry("/v2"));
        assertTrue(ErrorBody.underRegistry("/v2/main/job/manifests/1"));
        assertFalse(ErrorBody.underRegistry("/v2x"));
        assertFalse(ErrorBody.underRegistry("/branches/v2/"));
        assertFalse(ErrorBody.underRegistry(null));
    }

    @Test
    void the_reason_table_says_what_jakarta_rest_says_for_each_listed_status() {
        for (int status : Reasons.listed()) {
            assertEquals(Response.Status.fromStatusCode(status).getReasonPhrase(), Reasons.of(status), "status " + status);
        }
        // not in Jakarta REST: Python's http.HTTPStatus phrases, which aiohttp writes
        assertEquals("Misdirected Request", Reasons.of(421));
        assertEquals("Unprocessable Entity", Reasons.of(422));
        assertEquals("Insufficient Storage", Reasons.of(507));
        assertEquals("Error", Reasons.of(418));
        assertEquals("Internal Server Error", Reasons.of(599));
        assertEquals("413: Request Entity Too Large", Reasons.text(413));
    }
}
