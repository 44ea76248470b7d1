package dev.dlrepo.api;

import dev.dlrepo.auth.CreatedToken;
import dev.dlrepo.auth.TokenInfo;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON of {@code /tokens/} (docs/api.md): never the secret, except once, in the answer that creates it. */
final class TokenViews {
    private TokenViews() {
    }

    /** GET {@code /tokens/}. */
    static Map<String, Object> tokens(List<TokenInfo> tokens) {
        return Map.of("tokens", tokens.stream().map(TokenViews::token).toList());
    }

    /** POST {@code /tokens/}: the new token's record and, shown this once, its value. */
    static Map<String, Object> created(CreatedToken created) {
        TokenInfo t = created.info();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("token", created.token());
        m.put("created", t.created().toString());
        m.put("expires", t.expires().map(Instant::toString).orElse(null));
        return m;
    }

    private static Map<String, Object> token(TokenInfo t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("created", t.created().toString());
        m.put("expires", t.expires().map(Instant::toString).orElse(null));
        m.put("last_used", t.lastUsed().map(Instant::toString).orElse(null));
        return m;
    }
}
