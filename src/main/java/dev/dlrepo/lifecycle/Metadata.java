package dev.dlrepo.lifecycle;

import dev.dlrepo.error.BadRequest;
import dev.dlrepo.storage.Name;
import dev.dlrepo.storage.ProductVersion;
import dev.dlrepo.storage.PyJson;
import dev.dlrepo.storage.Repo;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A job's {@code .metadata}: string values, lower-cased, keys sorted. A patch merges into it the
 * way upstream does: each value becomes its Python {@code str()} lower-cased, and a false-ish
 * value ({@code ""}, {@code null}, {@code false}, {@code 0}) removes the key.
 */
public record Metadata(TreeMap<String, String> values) {
    static final String PRODUCT = "product";
    static final String VARIANT = "product_variant";
    static final String BRANCH = "product_branch";
    static final String VERSION = "version";

    public Metadata {
        values = new TreeMap<>(values);
    }

    /** What {@code .metadata} holds (its JSON values, as read by the store). */
    static Metadata of(Map<String, Object> json) {
        TreeMap<String, String> values = new TreeMap<>();
        json.forEach((k, v) -> values.put(k, String.valueOf(v)));
        return new Metadata(values);
    }

    /** 400 {@code Invalid parameters} for values upstream would store as Python reprs (lists, objects). */
    Metadata merge(Map<String, Object> patch) {
        TreeMap<String, String> out = new TreeMap<>(values);
        patch.forEach((key, value) -> {
            if (value instanceof Map<?, ?> || value instanceof Collection<?>) {
                throw new BadRequest("Invalid parameters");
            }
            if (falsy(value)) {
                out.remove(key);
            } else {
                out.put(key, text(value).toLowerCase(Locale.ROOT));
            }
        });
        return new Metadata(out);
    }

    byte[] bytes() {
        return PyJson.sortedObject(values);
    }

    /** The product version this job feeds in its repository, when all four keys are there and valid names. */
    Optional<ProductVersion> productVersion(Repo repo) {
        String[] keys = {values.get(PRODUCT), values.get(VARIANT), values.get(BRANCH), values.get(VERSION)};
        for (String k : keys) {
            if (k == null || !Name.valid(k)) {
                return Optional.empty();
            }
        }
        return Optional.of(ProductVersion.of(repo, keys[0], keys[1], keys[2], keys[3]));
    }

    private static boolean falsy(Object value) {
        return value == null || Boolean.FALSE.equals(value) || "".equals(value)
                || value instanceof Number n && new BigDecimal(n.toString()).signum() == 0;
    }

    /** Python's {@code str()} of a JSON value. */
    private static String text(Object value) {
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Double || value instanceof Float) {
            return PyJson.pythonFloat(((Number) value).doubleValue());
        }
        if (value instanceof BigDecimal d) {
            return PyJson.pythonFloat(d.doubleValue());
        }
        if (value instanceof BigInteger || value instanceof Number) {
            return value.toString();
        }
        return value.toString();
    }
}
