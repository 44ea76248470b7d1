package dev.dlrepo.api;

import dev.dlrepo.storage.PyJson;
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

/**
 * Writes {@link Json} answers byte-for-byte as upstream's {@code json.dumps} would, so answers
 * can be compared with upstream's recorded ones and clients that hash them keep working.
 */
@Provider
@Produces(MediaType.APPLICATION_JSON)
public class JsonWriter implements MessageBodyWriter<Json> {
    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == Json.class;
    }

    @Override
    public void writeTo(Json json, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
            MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        byte[] body = PyJson.encode(json.value()).getBytes(StandardCharsets.US_ASCII);
        headers.putSingle("Content-Length", body.length);
        out.write(body);
    }
}
