package dev.dlrepo.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RequestPathTest {
    @Test
    void names_are_lower_cased_up_to_the_format_and_the_file_keeps_its_case() {
        assertEquals("/branches/main/t1/job/bin/Foo/BAR.rpm", RequestPath.canonical("/branches/Main/T1/JOB/Bin/Foo/BAR.rpm"));
        assertEquals("/~alice/branches/main/t/j/f/A", RequestPath.canonical("/~Alice/branches/Main/T/J/F/A"));
        assertEquals("/products/p/v/pb/1.0/f/X.iso", RequestPath.canonical("/products/P/V/PB/1.0/F/X.iso"));
        assertEquals("/v2/Main/Job/manifests/V1", RequestPath.canonical("/v2/Main/Job/manifests/V1"));
        assertEquals("/admin/scrub", RequestPath.canonical("/ADMIN/Scrub"));
        assertEquals("/", RequestPath.canonical("/"));
        assertEquals("/branches/", RequestPath.canonical("/Branches/"));
    }

    @Test
    void percent_decoding_is_strict() {
        assertEquals(Optional.of("/~alice/x y"), RequestPath.decode("/%7ealice/x%20y"));
        assertEquals(Optional.of("/a+b"), RequestPath.decode("/a+b"), "+ is not a space in a path");
        assertEquals(Optional.of("/%2e%2e"), RequestPath.decode("/%252e%252e"), "decoded once only");
        assertEquals(Optional.of("/é"), RequestPath.decode("/%C3%A9"));
        assertEquals(Optional.empty(), RequestPath.decode("/%C3"), "not UTF-8");
        assertEquals(Optional.empty(), RequestPath.decode("/%zz"));
        assertEquals(Optional.empty(), RequestPath.decode("/%2"));
    }
}
