package dev.dlrepo.archive;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** A tar read back by an independent implementation (Apache Commons Compress), for assertions. */
public record TarContents(List<Member> members) {
    /** One member as the reader saw it. */
    public record Member(String name, int mode, long size, long mtime, byte[] content, char type) {
        public String text() {
            return new String(content, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    public static TarContents read(byte[] tar) {
        List<Member> out = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.add(new Member(e.getName(), e.getMode(), e.getSize(),
                        Math.floorDiv(e.getLastModifiedTime().toMillis(), 1000L), in.readAllBytes(), (char) e.getLinkFlag()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new TarContents(out);
    }

    public List<String> names() {
        return members.stream().map(Member::name).toList();
    }

    public Member get(String name) {
        return members.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(name + " not in " + names()));
    }
}
