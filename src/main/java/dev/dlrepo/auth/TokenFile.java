package dev.dlrepo.auth;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * A login's token file as it lies on disk ({@code .tokens/<login>.json}, pretty-printed), mapped
 * by Jackson. Fields it does not know are passed over and missing ones read as empty, so files
 * of other versions stay readable both ways.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record TokenFile(List<Token> tokens) {
    private static final ObjectMapper JSON = new ObjectMapper();

    TokenFile {
        tokens = tokens == null ? List.of() : List.copyOf(tokens);
    }

    /** One token; instants as ISO-8601 text, absent ones as {@code null}. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(String id, String login, String name, String sha256, List<String> groups, String mode,
            String account, String created, String expires, @JsonProperty("last_used") String lastUsed) {
        static Token of(Tokens.Entry e) {
            return new Token(e.id(), e.login(), e.name(), e.sha256(), List.copyOf(new TreeSet<>(e.groups())), e.mode(),
                    e.account().orElse(null), e.created().toString(), e.expires().map(Instant::toString).orElse(null),
                    e.lastUsed().map(Instant::toString).orElse(null));
        }

        Tokens.Entry entry() {
            return new Tokens.Entry(text(id), text(login), text(name), text(sha256),
                    groups == null ? new TreeSet<>() : new TreeSet<>(groups), text(mode), Optional.ofNullable(account),
                    Instant.parse(text(created)), instant(expires), instant(lastUsed));
        }

        private static String text(String s) {
            return s == null ? "" : s;
        }

        private static Optional<Instant> instant(String s) {
            return Optional.ofNullable(s).map(Instant::parse);
        }
    }

    static TokenFile of(List<Tokens.Entry> entries) {
        return new TokenFile(entries.stream().map(Token::of).toList());
    }

    List<Tokens.Entry> entries() {
        return tokens.stream().map(Token::entry).toList();
    }

    static TokenFile parse(byte[] content) throws IOException {
        return JSON.readValue(content, TokenFile.class);
    }

    byte[] bytes() throws IOException {
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
    }
}
