package dev.dlrepo.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 over a plain socket: sends request targets exactly as written, and bodies that break off. */
final class Raw {
    private Raw() {
    }

    /** Sends {@code head} (request line and headers, CRLF-separated, no final blank line) and a body. */
    static String exchange(URL base, String head, byte[] body) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: " + base.getHost() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream reply = new ByteArrayOutputStream();
            in.transferTo(reply);
            return reply.toString(StandardCharsets.UTF_8);
        }
    }

    /** Announces {@code announced} bytes, sends {@code sent}, then closes the connection. */
    static void abort(URL base, String target, String digest, int announced, int sent) throws IOException {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + target + " HTTP/1.1\r\nHost: x\r\nDigest: " + digest + "\r\nContent-Length: " + announced
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[sent]);
            out.flush();
        }
    }

    static int status(String reply) {
        return Integer.parseInt(reply.substring(9, 12));
    }

    static String body(String reply) {
        int i = reply.indexOf("\r\n\r\n");
        return i < 0 ? "" : reply.substring(i + 4);
    }
}
