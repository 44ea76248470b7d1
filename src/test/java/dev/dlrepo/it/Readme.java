package dev.dlrepo.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The code blocks of a section of README.md, and bash to run them as a reader would. */
final class Readme {
    private Readme() {
    }

    /** The fenced blocks of the section under {@code heading} ({@code ## Try it}), with their language. */
    static List<String[]> blocks(String heading) {
        String readme;
        try {
            readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int start = readme.indexOf("\n" + heading + "\n");
        if (start < 0) {
            throw new AssertionError("README.md has no section " + heading);
        }
        int end = readme.indexOf("\n## ", start + heading.length() + 2);
        String section = readme.substring(start, end < 0 ? readme.length() : end);
        List<String[]> blocks = new ArrayList<>();
        int at = 0;
        while ((at = section.indexOf("\n```", at)) >= 0) {
            int eol = section.indexOf('\n', at + 4);
            int close = section.indexOf("\n```", eol);
            blocks.add(new String[] {section.substring(at + 4, eol), section.substring(eol + 1, close + 1)});
            at = close + 4;
        }
        return blocks;
    }

    /** Runs {@code script} with {@code bash -euo pipefail} in {@code dir}: its exit status and standard output. */
    static String[] bash(String script, Path dir) {
        try {
            Process p = new ProcessBuilder("bash", "-euo", "pipefail", "-c", script).directory(dir.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the README's commands did not finish: " + script);
            }
            return new String[] {Integer.toString(p.exitValue()), out};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
