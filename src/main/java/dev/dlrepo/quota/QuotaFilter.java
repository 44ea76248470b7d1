package dev.dlrepo.quota;

import dev.dlrepo.error.DlrepoException;
import dev.dlrepo.error.ErrorResponse;
import dev.dlrepo.error.QuotaExceeded;
import dev.dlrepo.request.Address;
import dev.dlrepo.request.Target;
import dev.dlrepo.storage.ArtifactPath;
import dev.dlrepo.storage.FormatRef;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.Repo;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * Stops an upload into {@code /~user/...} as soon as its body cannot fit in the user's quota
 * (upstream only refuses once the whole body is stored). A declared {@code Content-Length} is
 * reserved at once and refused before a byte is read; a chunked body is reserved as it streams
 * and cut off when it goes over. A file the upload replaces is credited first, as the store
 * does at link time: re-uploading a path costs the difference. The reservation ends with the request: by then the store has
 * charged the file it linked, or nothing was linked.
 */
public class QuotaFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    // the container instantiates filters: field injection is what it supports everywhere
    @Inject
    private transient Quotas quotas;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<Upload> upload = request.getMethod().equals("PUT") ? uploadInto(request) : Optional.empty();
        String digest = request.getHeader("Digest");
        if (upload.isEmpty() || (digest != null && digest.equals(request.getHeader("X-Dlrepo-Link")))) {
            chain.doFilter(request, response); // not an upload into a user repository, or a link: no body
            return;
        }
        try (Quotas.Reservation reservation = quotas.reserve(upload.get().user(), upload.get().format(), upload.get().path())) {
            long declared = request.getContentLengthLong();
            if (declared < 0) {
                chain.doFilter(new Counted(request, reservation), response);
                return;
            }
            try {
                reservation.grow(declared);
            } catch (QuotaExceeded e) {
                refuse(response, e);
                return;
            }
            chain.doFilter(request, response);
        }
    }

    /** Where a file upload into a user repository goes. */
    record Upload(Name user, FormatRef format, ArtifactPath path) {
    }

    /** The target of {@code /~user/branches/b/t/j/f/path}: a file upload into a user repository. */
    static Optional<Upload> uploadInto(HttpServletRequest request) {
        // the container's view, as the other filters route: the one the ACLs were checked on too
        Address at = Target.of(request).container();
        Optional<String> file = at.file();
        if (at.user().isEmpty() || file.isEmpty()) {
            return Optional.empty();
        }
        try {
            Name user = Name.of(at.user().get().toLowerCase(Locale.ROOT));
            FormatRef format = FormatRef.of(Repo.ofUser(user), at.segments().get(1), at.segments().get(2),
                    at.segments().get(3), at.segments().get(4));
            return Optional.of(new Upload(user, format, new ArtifactPath(file.get())));
        } catch (DlrepoException e) {
            return Optional.empty(); // not a user, format or file name: the API refuses it
        }
    }

    /** Refused without reading the body: the connection closes rather than drain it. */
    private static void refuse(HttpServletResponse response, QuotaExceeded e) throws IOException {
        response.setHeader("Connection", "close");
        ErrorResponse.send(response, e.status(), e.reason());
    }

    /** The request with its body counted against the reservation while it is read. */
    private static final class Counted extends HttpServletRequestWrapper {
        private final Quotas.Reservation reservation;
        private ServletInputStream counted;

        Counted(HttpServletRequest request, Quotas.Reservation reservation) {
            super(request);
            this.reservation = reservation;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (counted == null) {
                counted = new CountedStream(super.getInputStream(), reservation);
            }
            return counted;
        }
    }

    /** Reserves every byte read; over the quota, the read throws and the upload is discarded. */
    private static final class CountedStream extends ServletInputStream {
        private final ServletInputStream in;
        private final Quotas.Reservation reservation;

        CountedStream(ServletInputStream in, Quotas.Reservation reservation) {
            this.in = in;
            this.reservation = reservation;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                reservation.grow(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = in.read(buffer, offset, length);
            if (n > 0) {
                reservation.grow(n);
            }
            return n;
        }

        @Override
        public boolean isFinished() {
            return in.isFinished();
        }

        @Override
        public boolean isReady() {
            return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            in.setReadListener(listener);
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
