package dev.dlrepo.tomcat;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UnsupportedEncodingException;
import java.util.Locale;

/**
 * The application's response, with media types spelled as upstream's aiohttp sends them:
 * {@code text/plain; charset=utf-8}, a space before the parameter, where Tomcat rebuilds every
 * type that carries a charset as {@code text/plain;charset=utf-8} (its clients may compare the
 * header as a string). Tomcat keeps the charset apart from the type and appends it when the
 * headers go out; once a type is set, this wrapper writes the charset into the type's own text
 * and clears the separate one, so Tomcat sends the text as it is. Bodies are written as bytes
 * (the API's are), which no charset touches. A response that asks for a writer gets Tomcat's
 * spelling back first: the writer's encoder needs the charset.
 */
final class UpstreamSpelling extends HttpServletResponseWrapper {
    private final org.apache.coyote.Response coyote;
    /** The type as it will be sent, while it is ours; and the charset it carries. */
    private String spelled;
    private String encoding;
    private boolean writing;

    UpstreamSpelling(HttpServletResponse response, org.apache.coyote.Response coyote) {
        super(response);
        this.coyote = coyote;
    }

    /**
     * Moves the charset of the response's type into the type's text ({@code ; charset=<name>});
     * the spelled type, or null when there was no charset to move (or it is too late).
     */
    static String spell(org.apache.coyote.Response coyote) {
        String type = coyote.getContentType();
        String charset = coyote.getCharacterEncoding();
        if (coyote.isCommitted() || type == null || charset == null || coyote.getCharset() == null) {
            return null;
        }
        String tomcats = ";charset=" + charset;
        if (!type.endsWith(tomcats)) {
            return null;
        }
        String spelled = type.substring(0, type.length() - tomcats.length()) + "; charset=" + charset;
        coyote.setContentTypeNoCharset(spelled);
        setCharset(coyote, null);
        return spelled;
    }

    @Override
    public void setContentType(String type) {
        unspell();
        super.setContentType(type);
        respell();
    }

    @Override
    public void setCharacterEncoding(String charset) {
        unspell();
        super.setCharacterEncoding(charset);
        respell();
    }

    @Override
    public void setLocale(Locale locale) {
        unspell();
        super.setLocale(locale); // may set a charset (the context's locale-encoding mapping)
        respell();
    }

    @Override
    public void setHeader(String name, String value) {
        boolean type = "Content-Type".equalsIgnoreCase(name);
        if (type) {
            unspell();
        }
        super.setHeader(name, value);
        if (type) {
            respell();
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if ("Content-Type".equalsIgnoreCase(name)) {
            setHeader(name, value); // one Content-Type: Tomcat sets it, whichever is called
        } else {
            super.addHeader(name, value);
        }
    }

    @Override
    public String getCharacterEncoding() {
        return ours() ? encoding : super.getCharacterEncoding();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        unspell();
        writing = true;
        return super.getWriter();
    }

    @Override
    public void reset() {
        super.reset();
        spelled = null;
    }

    private boolean ours() {
        return spelled != null && spelled.equals(coyote.getContentType());
    }

    private void respell() {
        if (writing) {
            return;
        }
        String charset = coyote.getCharacterEncoding();
        spelled = spell(coyote);
        encoding = spelled == null ? null : charset;
    }

    /** Tomcat's own state again (type and charset apart), before Tomcat changes either. */
    private void unspell() {
        if (ours() && !coyote.isCommitted()) {
            coyote.setContentTypeNoCharset(spelled.substring(0, spelled.length() - ("; charset=" + encoding).length()));
            setCharset(coyote, encoding);
        }
        spelled = null;
    }

    private static void setCharset(org.apache.coyote.Response coyote, String charset) {
        try {
            coyote.setCharacterEncoding(charset);
        } catch (UnsupportedEncodingException e) {
            throw new IllegalStateException(e); // Tomcat accepted this name a moment ago
        }
    }
}
