package dev.dlrepo.api;

import dev.dlrepo.error.NotFound;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.Digest;
import dev.dlrepo.storage.FormatInfo;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Repository;
import dev.dlrepo.storage.StoredFile;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Optional;

/**
 * Reading a format and its files, whether it is addressed by its own URL ({@code /branches/...})
 * or through the products view ({@code /products/...}): {@code url} is the format's URL as
 * addressed, the base of canonical redirects and of the single-file shortcut.
 *
 * <p>Every read is allowed on the format's own URL first: the filter judged the URL as sent, and
 * {@code {f}}, {@code {f}.sha256} or a product URL do not fall under a pattern such as
 * {@code !/branches/b/t/j/f/**}. What the caller may not read is not found.
 */
final class FormatReads {
    private final Repository repository;
    private final UriInfo uri;
    private final Space space;
    private final HttpServletRequest http;

    FormatReads(Repository repository, UriInfo uri, HttpServletRequest http) {
        this.repository = repository;
        this.uri = uri;
        this.space = Space.of(http);
        this.http = http;
    }

    private FormatRef readable(FormatRef ref) {
        Visible.require(http, ref.url());
        return ref;
    }

    /** GET {@code {f}/}: the listing. */
    Response listing(FormatRef ref, String url) {
        readable(ref);
        return Canonical.redirect(uri, space, url).orElseGet(() -> Views.json(Views.format(repository.format(ref))));
    }

    /** HEAD {@code {f}/}: "is it finalized?" (404 while dirty). */
    Response finalized(FormatRef ref, String url) {
        if (repository.format(readable(ref)).dirty()) {
            return ErrorMapper.error(404, "Not Found").build();
        }
        // upstream's headers; left unset, Jersey names the type of one of its writers for a HEAD
        return Canonical.redirect(uri, space, url).orElseGet(() -> Response.ok()
                .type(MediaType.APPLICATION_OCTET_STREAM_TYPE).header(HttpHeaders.CONTENT_LENGTH, 0).build());
    }

    /** {@code {f}}: 404 while dirty; 302 to the only file (as an attachment) unless index.html; else to {@code {f}/}. */
    Response shortcut(FormatRef ref, String url) {
        FormatInfo info = repository.format(readable(ref));
        if (info.dirty()) {
            return ErrorMapper.error(404, "Not Found").build();
        }
        if (info.files().size() == 1 && !info.files().get(0).equals("index.html")) {
            String file = info.files().get(0);
            String name = file.substring(file.lastIndexOf('/') + 1);
            return Canonical.found(uri, url + file).header("Content-Disposition", "attachment; filename=" + name).build();
        }
        return Canonical.found(uri, url).build();
    }

    /** {@code {f}.sha256}: a {@code sha256sum} file of the format. */
    Response sha256(FormatRef ref, String canonical) {
        readable(ref);
        return Canonical.redirect(uri, space, canonical).orElseGet(() -> Views.text(Views.sha256Lines(repository.digests(ref))));
    }

    /** A file, or the virtual {@code <file>.sha256} of a file. */
    Response file(FormatRef ref, String url, ArtifactPath path, boolean head, Downloads downloads, Request request) {
        readable(ref);
        Visible.require(http, ref.url() + path.value()); // a product URL reaches the file too
        var redirect = Canonical.redirect(uri, space, url + path);
        if (redirect.isPresent()) {
            return redirect.get();
        }
        StoredFile file;
        try {
            file = repository.file(ref, path);
        } catch (NotFound e) {
            return virtualSha256(ref, path).orElseThrow(() -> e);
        }
        return downloads.serve(file, request, http, head);
    }

    /** {@code <file>.sha256} of a file that has a sha256 entry: {@code <hex>  <name>}. */
    private Optional<Response> virtualSha256(FormatRef ref, ArtifactPath path) {
        String p = path.value();
        if (!p.endsWith(".sha256") || p.length() == 7) {
            return Optional.empty();
        }
        String target = p.substring(0, p.length() - 7);
        return Optional.ofNullable(repository.digests(ref).get(target))
                .filter(d -> d.regionMatches(true, 0, "sha256:", 0, 7))
                .map(d -> Views.text(Views.sha256Line(Digest.parse(d), target.substring(target.lastIndexOf('/') + 1))));
    }
}
