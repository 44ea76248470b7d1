package dev.dlrepo.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * What a data directory at rest must be, read straight from the disk ({@link CrashRecoveryIT}):
 * every file a format records (its {@code .digests} merged with the complete lines of its
 * {@code .digests.journal}) exists and hashes to its digest; every file of a format is a hard link
 * of the blob of its bytes; once the sweep ran with no grace period, {@code .uploads/} and
 * {@code .trash/} are empty and every blob has a name besides its own.
 */
final class TreeProblems {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OWN_FILES = Set.of(".digests", ".digests.journal", ".dirty", ".internal");
    private final Path data;
    private final List<String> problems = new ArrayList<>();

    TreeProblems(Path data) {
        this.data = data;
    }

    List<String> find() throws IOException {
        for (Map.Entry<Path, Map<String, String>> format : recordedFiles(data).entrySet()) {
            checkFormat(format.getKey(), format.getValue());
        }
        for (String dir : List.of(".uploads", ".trash")) {
            try (Stream<Path> left = Files.list(data.resolve(dir))) {
                left.forEach(p -> problems.add(p + ": left in " + dir + " (" + describe(p) + ")"));
            }
        }
        try (Stream<Path> blobs = Files.walk(data.resolve(".blobs"))) {
            for (Path blob : blobs.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).toList()) {
                if (nlink(blob) < 2) {
                    problems.add(blob + ": an orphan the sweep left");
                } else if (!blob.getFileName().toString().startsWith(sha256(blob))) {
                    problems.add(blob + ": holds other bytes");
                }
            }
        }
        return problems;
    }

    private void checkFormat(Path dir, Map<String, String> recorded) throws IOException {
        recorded.forEach((path, digest) -> {
            Path file = dir.resolve(path);
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(file + ": recorded as " + digest + ", not there");
            } else if (!digest.equals("sha256:" + sha256(file))) {
                problems.add(file + ": recorded as " + digest + ", holds sha256:" + sha256(file));
            }
        });
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> !p.equals(dir)).toList()) {
                if (dir.equals(file.getParent()) && OWN_FILES.contains(file.getFileName().toString())) {
                    continue;
                }
                if (Files.isSymbolicLink(file)) {
                    problems.add(file + ": a symbolic link in a format");
                } else if (Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && !isLinkOfItsBlob(file)) {
                    problems.add(file + ": not a link of the blob of its bytes (" + describe(file) + ")");
                }
            }
        }
    }

    private boolean isLinkOfItsBlob(Path file) throws IOException {
        String hex = sha256(file);
        Path blob = data.resolve(".blobs/sha256").resolve(hex.substring(0, 2)).resolve(hex);
        Object inode = Files.getAttribute(file, "unix:ino", LinkOption.NOFOLLOW_LINKS);
        for (int copy = 0; Files.exists(blob, LinkOption.NOFOLLOW_LINKS); blob = blob.resolveSibling(hex + "." + ++copy)) {
            if (inode.equals(Files.getAttribute(blob, "unix:ino", LinkOption.NOFOLLOW_LINKS))) {
                return true;
            }
        }
        return false;
    }

    /** Each format directory of the main repository and the files it records. */
    static Map<Path, Map<String, String>> recordedFiles(Path data) throws IOException {
        Map<Path, Map<String, String>> out = new TreeMap<>();
        Path branches = data.resolve("branches");
        if (!Files.isDirectory(branches)) {
            return out;
        }
        try (Stream<Path> formats = Files.walk(branches, 4)) {
            for (Path dir : formats.filter(p -> branches.relativize(p).getNameCount() == 4 && Files.isDirectory(p)
                    && !p.getFileName().toString().startsWith(".")).toList()) {
                out.put(dir, recorded(dir));
            }
        }
        return out;
    }

    /** {@code .digests} merged with the journal's complete lines, later lines winning, as the server reads them. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> recorded(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        Path digests = dir.resolve(".digests");
        if (Files.exists(digests)) {
            out.putAll(JSON.readValue(digests.toFile(), Map.class));
        }
        Path journal = dir.resolve(".digests.journal");
        if (Files.exists(journal)) {
            String text = Files.readString(journal, StandardCharsets.UTF_8);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length - 1; i++) { // the last one has no newline: not written yet
                try {
                    out.putAll(JSON.readValue(lines[i], Map.class));
                } catch (IOException e) {
                    // a torn line: the server passes over it too
                }
            }
        }
        return out;
    }

    private static String describe(Path p) {
        try {
            return "links " + nlink(p) + ", " + Files.size(p) + " bytes";
        } catch (NoSuchFileException e) {
            return "gone";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static long nlink(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).longValue();
    }

    private static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                md.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
