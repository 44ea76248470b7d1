package dev.dlrepo.storage;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A second process on the same data directory, for the cross-process tests. */
public final class UploaderMain {
    private UploaderMain() {
    }

    static Process start(Path root, String mode, String arg, int count) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                UploaderMain.class.getName(), root.toString(), mode, arg, Integer.toString(count)))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.PIPE).directory(new File(".")).start();
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Store store = new Store(root);
        switch (args[1]) {
            case "upload" -> {
                for (int k = 0; k < Integer.parseInt(args[3]); k++) {
                    store.upload("job1", args[2] + "-" + k, args[2] + " " + k);
                }
            }
            case "hold" -> {
                try (Held lock = store.locks.format(Store.format("job1", "bin"))) {
                    Files.createFile(root.resolve("held"));
                    Thread.sleep(Long.parseLong(args[2]));
                    Files.createFile(root.resolve("released"));
                }
            }
            case "finalize-and-die" -> {
                // a command that signs every file in place and adds one, then hangs: the test kills this process -9
                PostProcess hangs = new PostProcess() {
                    @Override
                    public boolean appliesTo(java.util.Set<String> paths) {
                        return true;
                    }

                    @Override
                    public Outcome run(Path formatDir) {
                        try (var files = Files.list(formatDir)) {
                            for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).toList()) {
                                Files.writeString(f, "signed\n", java.nio.file.StandardOpenOption.APPEND);
                            }
                            Files.writeString(formatDir.resolve(args[2]), "added by the command\n");
                            Files.createFile(root.resolve("ran"));
                            Thread.sleep(Long.MAX_VALUE);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return Outcome.success("");
                    }
                };
                new Store(root, hangs).repository.finalizeFormat(Store.format("job1", "bin"));
            }
            default -> throw new IllegalArgumentException(args[1]);
        }
    }
}
