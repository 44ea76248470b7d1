package dev.dlrepo.storage;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * Walks of the regular files below a directory (symbolic links not followed) that go on when an
 * entry vanishes under them: requests, the digests fold and the sweep delete files at any time,
 * and {@code Files.walk} throws when a name it listed is gone before it is looked at.
 */
final class Walk {
    private Walk() {
    }

    /** What is done with each file; {@code false} stops the walk. */
    @FunctionalInterface
    public interface Visitor {
        boolean visit(Path file, BasicFileAttributes attributes) throws IOException;
    }

    /** The regular files, sorted; none when the directory itself is gone. */
    public static List<Path> regularFiles(Path dir, int maxDepth) throws IOException {
        List<Path> out = new ArrayList<>();
        regularFiles(dir, maxDepth, (file, attributes) -> out.add(file));
        out.sort(null);
        return out;
    }

    /** Visits each regular file, in directory order, until the visitor says stop. */
    public static void regularFiles(Path dir, int maxDepth, Visitor visitor) throws IOException {
        Files.walkFileTree(dir, EnumSet.noneOf(java.nio.file.FileVisitOption.class), maxDepth, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!attributes.isRegularFile()) {
                    return FileVisitResult.CONTINUE; // a directory at the depth limit, a link, a socket
                }
                return visitor.visit(file, attributes) ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE; // removed between its listing and its stat
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e; // a directory removed while it was listed ends its listing, not the walk
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
