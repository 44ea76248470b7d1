package dev.dlrepo.api;

import dev.dlrepo.lifecycle.VersionSummary;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Upstream's JSON shapes of the products view, keys in upstream's order: one level of names per
 * URL ({@code {"<level>": {"name": ..., "<children>": [{"name": ...}]}}}, the top has no name),
 * then a product branch's versions and a version's formats.
 */
final class ProductViews {
    private ProductViews() {
    }

    /** {@code /products/}. */
    static Map<String, Object> products(List<String> products) {
        return Map.of("products", named(products));
    }

    /** {@code /products/{p}/}. */
    static Map<String, Object> product(String name, List<String> variants) {
        return level("product", name, "product_variants", variants);
    }

    /** {@code /products/{p}/{v}/}. */
    static Map<String, Object> variant(String name, List<String> branches) {
        return level("product_variant", name, "product_branches", branches);
    }

    /** {@code /products/{p}/{v}/{pb}/}: the versions with their derived flags. */
    static Map<String, Object> branch(String name, List<VersionSummary> versions) {
        List<Object> out = versions.stream().map(v -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", v.name());
            m.put("timestamp", v.timestamp());
            m.put("locked", v.locked());
            m.put("released", v.released());
            m.put("stable", v.stable());
            return (Object) m;
        }).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("versions", out);
        return Map.of("product_branch", body);
    }

    /** {@code /products/{p}/{v}/{pb}/{version}/}: the formats the caller may read. */
    static Map<String, Object> version(String name, List<String> formats) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("artifact_formats", formats);
        return Map.of("version", body);
    }

    private static Map<String, Object> level(String key, String name, String childrenKey, List<String> children) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put(childrenKey, named(children));
        return Map.of(key, body);
    }

    private static List<Object> named(List<String> names) {
        return names.stream().map(n -> (Object) Map.of("name", n)).toList();
    }
}
