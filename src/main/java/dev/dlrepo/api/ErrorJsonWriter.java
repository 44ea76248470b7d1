package dev.dlrepo.api;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;

/** Writes {@link ErrorJson} as it is, with its length, as {@link JsonWriter} writes the other answers. */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class ErrorJsonWriter implements MessageBodyWriter<ErrorJson> {
    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == ErrorJson.class;
    }

    @Override
    public void writeTo(ErrorJson error, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        byte[] body = error.text().getBytes(StandardCharsets.US_ASCII);
        headers.putSingle("Content-Length", body.length);
        out.write(body);
    }
}
