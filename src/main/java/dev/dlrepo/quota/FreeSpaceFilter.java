package dev.dlrepo.quota;

import dev.dlrepo.error.ErrorResponse;
import dev.dlrepo.error.InsufficientStorage;
import dev.dlrepo.request.Target;
import dev.dlrepo.storage.FreeSpace;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a file upload (507) before its body is read when the data directory's file system has
 * less room than {@code DLREPO_MIN_FREE_SPACE}, or would have once the declared
 * {@code Content-Length} is written. Links by digest pass: they cost no room. A body that fills
 * the disk anyway is answered 507 by the store when the write fails.
 */
public class FreeSpaceFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    // the container instantiates filters: field injection is what it supports everywhere
    @Inject
    private transient FreeSpace space;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getMethod().equals("PUT") && Target.of(request).container().file().isPresent() && !isLink(request)) {
            try {
                space.checkRoomFor(request.getContentLengthLong());
            } catch (InsufficientStorage e) {
                response.setHeader("Connection", "close"); // refused without reading the body: not drained either
                ErrorResponse.send(response, e.status(), e.reason());
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean isLink(HttpServletRequest request) {
        String digest = request.getHeader("Digest");
        return digest != null && digest.equals(request.getHeader("X-Dlrepo-Link"));
    }
}
