package dev.dlrepo.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.dlrepo.error.BadRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A JSON request body of upstream's shape {@code {"<key>": {...}}}: 400 {@code invalid JSON data: ...}
 * when it does not parse, 400 with the endpoint's own reason when the shape is wrong. Bodies over
 * 1 MiB are refused before they are parsed: metadata and flags are small.
 */
final class JsonBody {
    static final int MAX_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private JsonBody() {
    }

    /** The object under {@code key}; {@code shapeError} if the body is not an object holding one. */
    static Map<String, Object> object(InputStream body, String key, String shapeError) {
        byte[] bytes;
        try {
            bytes = body == null ? new byte[0] : body.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (bytes.length > MAX_BYTES) {
            throw new BadRequest("invalid JSON data: body larger than " + MAX_BYTES + " bytes");
        }
        Object parsed;
        try {
            parsed = JSON.readValue(bytes, Object.class);
        } catch (JsonProcessingException e) {
            throw new BadRequest("invalid JSON data: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (parsed instanceof Map<?, ?> outer && outer.get(key) instanceof Map<?, ?> inner) {
            Map<String, Object> out = new LinkedHashMap<>();
            inner.forEach((k, v) -> out.put((String) k, v));
            return out;
        }
        throw new BadRequest(shapeError);
    }
}
